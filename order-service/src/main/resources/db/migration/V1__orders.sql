create table orders (
    id          uuid primary key,
    customer_id uuid           not null,
    status      varchar(20)    not null,
    total       numeric(17, 2) not null,
    placed_at   timestamptz    not null,
    version     bigint         not null
);

create index orders_customer on orders (customer_id);
