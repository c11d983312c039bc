create table orders (
    id          uuid primary key,
    customer_id uuid           not null,
    status      varchar(20)    not null,
    total       numeric(17, 2) not null check (total >= 0),
    stock       varchar(20)    not null,
    credit      varchar(20)    not null,
    placed_at   timestamptz    not null,
    deadline    timestamptz    not null,
    version     bigint         not null
);

create index orders_customer on orders (customer_id, placed_at);
create index orders_status on orders (status, placed_at);
-- The deadline check only ever looks at pending orders.
create index orders_pending_deadline on orders (deadline) where status = 'PENDING';

create table order_line (
    order_id   uuid           not null references orders (id),
    position   integer        not null,
    sku        varchar(64)    not null,
    quantity   integer        not null check (quantity >= 1),
    unit_price numeric(17, 2) not null check (unit_price >= 0),
    primary key (order_id, position)
);

create table order_rejection_reason (
    order_id uuid        not null references orders (id),
    reason   varchar(30) not null,
    primary key (order_id, reason)
);

create table order_history (
    order_id uuid        not null references orders (id),
    position integer     not null,
    status   varchar(20) not null,
    at       timestamptz not null,
    primary key (order_id, position)
);

create table idempotency_key (
    key          varchar(200) primary key,
    request_hash varchar(64)  not null,
    order_id     uuid         not null references orders (id),
    created_at   timestamptz  not null
);

-- The order service's replica of the catalogue, built from inventory events.
create table catalogue_product (
    sku   varchar(64) primary key,
    name  varchar(200)   not null,
    price numeric(17, 2) not null check (price >= 0)
);
