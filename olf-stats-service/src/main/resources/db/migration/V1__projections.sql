-- Projections of every service's events. Every change is a delta applied in the inbox
-- transaction of the event that causes it, so events of different topics can arrive in
-- any interleaving and a replay from the beginning gives the same figures.

-- Totals: customers.registered, orders.placed|confirmed|rejected|cancelled,
-- orders.rejected.<REASON>, revenue.
create table counter (
    name  varchar(100)   primary key,
    value numeric(19, 2) not null
);

-- The same per minute of event time, for the time series.
create table minute_total (
    metric varchar(100)   not null,
    minute timestamptz    not null,
    value  numeric(19, 2) not null,
    primary key (metric, minute)
);

create table order_view (
    order_id    uuid primary key,
    customer_id uuid           not null,
    total       numeric(17, 2) not null,
    status      varchar(20)    not null,
    placed_at   timestamptz    not null,
    decided_at  timestamptz,
    saga_millis bigint
);

create index order_view_decided on order_view (decided_at) where saga_millis is not null;
create index order_view_status on order_view (status);

-- Created by whichever event of a product arrives first; the name comes with ProductAdded.
create table product_view (
    sku        varchar(64) primary key,
    name       varchar(200),
    price      numeric(17, 2),
    on_hand    integer not null default 0,
    reserved   integer not null default 0,
    units_sold integer not null default 0
);

-- What inventory holds for an order, to tell a release of a reservation from a return.
create table stock_hold (
    order_id uuid primary key,
    state    varchar(20) not null
);
