create table product (
    sku      varchar(64) primary key,
    name     varchar(200)   not null,
    price    numeric(17, 2) not null check (price >= 0),
    on_hand  integer        not null check (on_hand >= 0),
    reserved integer        not null check (reserved >= 0),
    version  bigint         not null
);
