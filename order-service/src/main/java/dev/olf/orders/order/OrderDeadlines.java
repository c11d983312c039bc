package dev.olf.orders.order;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rejects pending orders whose reservations did not both come back in time, e.g. because
 * a participant is down. Safe with several instances: each locks the orders it handles
 * and skips those another instance holds. Each rejection is a span in the trace of the
 * request that placed the order ({@link SagaTrace}).
 */
@Component
class OrderDeadlines implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(OrderDeadlines.class);

	private static final int BATCH = 100;

	private final Orders orders;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final OrderProperties properties;

	private final SagaTrace trace;

	OrderDeadlines(Orders orders, TransactionTemplate transaction, Clock clock, OrderProperties properties,
			SagaTrace trace) {
		this.orders = orders;
		this.transaction = transaction;
		this.clock = clock;
		this.properties = properties;
		this.trace = trace;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::rejectExpiredOrders, this.properties.deadlineCheckInterval());
	}

	void rejectExpiredOrders() {
		int expired;
		do {
			expired = expireBatch();
		}
		while (expired == BATCH);
	}

	int expireBatch() {
		Integer count = this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			List<Order> due = this.orders.findExpired(now, Limit.of(BATCH));
			// Each rejection in a span of the order's trace: OrderRejected and what the
			// participants do about it then continue the trace the order's request began.
			due.forEach((order) -> this.trace.continueIn(order.traceparent(), "order deadline", () -> {
				if (order.expire(now)) {
					this.orders.save(order);
					logger.info("Order {} rejected: no answer from every participant by {}", order.id(),
							order.deadline());
				}
				return null;
			}));
			return due.size();
		});
		return (count != null) ? count : 0;
	}

}
