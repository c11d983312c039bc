-- The W3C traceparent of the request that placed the order: the deadline check, a scheduled
-- task with no trace of its own, rejects a late order in a span of that trace (OrderDeadlines).
alter table orders add column traceparent varchar(55);
