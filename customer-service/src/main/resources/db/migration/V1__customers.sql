-- Credit never goes negative and never exceeds the limit, whatever the code does:
-- available credit is credit_limit - reserved_credit - used_credit.
create table customer (
    id              uuid primary key,
    name            varchar(200)   not null,
    email           varchar(320)   not null,
    credit_limit    numeric(17, 2) not null check (credit_limit >= 0),
    reserved_credit numeric(17, 2) not null check (reserved_credit >= 0),
    used_credit     numeric(17, 2) not null check (used_credit >= 0),
    registered_at   timestamptz    not null,
    version         bigint         not null,
    check (reserved_credit + used_credit <= credit_limit)
);

create unique index customer_email on customer (lower(email));

-- The pages of GET /api/customers, by registration time or by name.
create index customer_registered_at on customer (registered_at, id);
create index customer_name on customer (name, registered_at, id);

-- The credit held for each order the saga asked about. No foreign key to customer: an
-- order from an unknown customer is recorded as FAILED too, so that its later events are
-- recognised as holding nothing.
create table credit_reservation (
    order_id       uuid primary key,
    customer_id    uuid           not null,
    amount         numeric(17, 2) not null check (amount >= 0),
    status         varchar(16)    not null
        check (status in ('RESERVED', 'FAILED', 'COMMITTED', 'RELEASED', 'RETURNED')),
    failure_reason varchar(32)
        check (failure_reason in ('INSUFFICIENT_CREDIT', 'UNKNOWN_CUSTOMER')),
    version        bigint         not null,
    check ((status = 'FAILED') = (failure_reason is not null))
);

create index credit_reservation_customer on credit_reservation (customer_id, status);
