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
