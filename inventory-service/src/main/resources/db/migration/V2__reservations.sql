-- What inventory holds for each order it has seen, so that later saga events know what to
-- commit, release or give back.
create table reservation (
    order_id   uuid primary key,
    status     varchar(16) not null check (status in ('RESERVED', 'FAILED', 'COMMITTED', 'RELEASED', 'RETURNED')),
    created_at timestamptz not null,
    version    bigint      not null
);

-- No foreign key to product: the lines are what the order held, whatever happens to the catalogue.
create table reservation_line (
    order_id uuid        not null references reservation (order_id),
    sku      varchar(64) not null,
    quantity integer     not null check (quantity > 0),
    primary key (order_id, sku)
);
