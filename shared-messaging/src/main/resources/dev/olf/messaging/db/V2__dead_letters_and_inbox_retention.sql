-- Records this service's consumers sent to a dead-letter topic, by where they were read.
-- The dead-letter publisher skips a record already here, so a replay of a whole topic
-- (e.g. a projection rebuild, which forgets the group's offsets) does not dead-letter the
-- same poison record a second time.
create table dead_letter (
    consumer_group   varchar(255) not null,
    topic            varchar(255) not null,
    partition_no     integer      not null,
    offset_no        bigint       not null,
    dead_lettered_at timestamptz  not null default now(),
    primary key (consumer_group, topic, partition_no, offset_no)
);

-- Dead letters put back on their original topic, by where they sit in the dead-letter
-- topic, so that they are no longer listed or counted as pending.
create table dead_letter_replay (
    dlt_topic        varchar(255) not null,
    dlt_partition    integer      not null,
    dlt_offset       bigint       not null,
    replayed_at      timestamptz  not null default now(),
    replayed_to      varchar(255),
    primary key (dlt_topic, dlt_partition, dlt_offset)
);

-- Retention deletes the oldest inbox rows in small batches; without this index every
-- batch would scan the whole table. A plain (not concurrent) build: Flyway's
-- transactional lock would make CREATE INDEX CONCURRENTLY wait for itself.
create index inbox_received_at on inbox (received_at);
