create table counter (
    name  varchar(200) primary key,
    value bigint       not null
);
