-- Stock moves between on hand, reserved (held for pending orders, still on hand) and
-- committed (taken off stock by confirmed orders); available is on hand minus reserved.
create table product (
    sku       varchar(64) primary key,
    name      varchar(200)   not null,
    price     numeric(17, 2) not null check (price >= 0),
    on_hand   integer        not null check (on_hand >= 0),
    reserved  integer        not null check (reserved >= 0),
    committed integer        not null check (committed >= 0),
    version   bigint         not null,
    check (reserved <= on_hand)
);
