-- Wakes the requests that wait for an order's outcome (GET /api/orders/{id}?waitFor=final),
-- on whichever instance they wait: every instance listens on this channel. The notification
-- is sent when the transaction that decided the order commits, never before.
create function notify_order_decided() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('order_decided', new.id::text);
    return null;
end;
$$;

create trigger order_decided
    after update of status on orders
    for each row
    when (old.status = 'PENDING' and new.status <> 'PENDING')
execute function notify_order_decided();
