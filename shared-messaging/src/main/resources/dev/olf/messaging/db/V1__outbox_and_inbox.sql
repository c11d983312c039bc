-- Schema of the reliable-messaging library. Applied by its own Flyway history table
-- (messaging_schema_history) so its versions never collide with the service's own.

-- Columns id, aggregatetype, aggregateid, type and payload follow Debezium's outbox event
-- router, so the relay can be swapped for Debezium without touching the services.
create table outbox (
    id            uuid primary key,
    aggregatetype varchar(255) not null,
    aggregateid   varchar(255) not null,
    type          varchar(255) not null,
    payload       jsonb        not null,
    -- CloudEvents attributes and the W3C trace context, copied to Kafka record headers.
    headers       jsonb        not null default '{}'::jsonb,
    topic         varchar(255) not null,
    -- Rows of one aggregate always share a shard; one relay at a time owns a shard.
    shard         integer      not null,
    -- Commit order per aggregate (the writer serialises writers of one aggregate).
    position      bigint generated always as identity,
    created_at    timestamptz  not null default now()
);

create index outbox_shard_position on outbox (shard, position);

-- Wakes the relay as soon as a transaction that wrote to the outbox commits; the relay
-- still polls in case a notification is lost (e.g. while its listening connection reconnects).
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end;
$$;

create trigger outbox_notify after insert on outbox
    for each statement execute function outbox_notify();

-- Event ids a consumer has already applied, written in the same transaction as its changes.
create table inbox (
    consumer    varchar(255) not null,
    event_id    uuid         not null,
    event_type  varchar(255) not null,
    received_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
