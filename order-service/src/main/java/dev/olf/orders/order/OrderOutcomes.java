package dev.olf.orders.order;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Lets a request wait until an order is decided, without polling: a trigger notifies the
 * channel {@code order_decided} when the deciding transaction commits (on any instance),
 * and one connection per instance listens and wakes the requests waiting for that order.
 * A waiter always reads the order itself afterwards; a notification only says "look
 * again", so one lost while the listener reconnects costs at most the wait, never a wrong
 * answer (and every waiter is woken on reconnect to look again at once).
 */
@Component
class OrderOutcomes implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OrderOutcomes.class);

	private static final int LISTEN_TIMEOUT_MILLIS = 1_000;

	private final DataSource dataSource;

	private final Map<UUID, Set<Thread>> waiting = new ConcurrentHashMap<>();

	private volatile boolean running;

	private @Nullable Thread listener;

	OrderOutcomes(DataSource dataSource, MeterRegistry meters) {
		this.dataSource = dataSource;
		Gauge
			.builder("orders.outcome.waiting", this.waiting,
					(orders) -> orders.values().stream().mapToInt(Set::size).sum())
			.description("Requests waiting for an order's outcome (waitFor=final)")
			.register(meters);
	}

	/**
	 * Announces that the calling thread is about to wait for an order, before it reads
	 * the order: a decision that commits between the read and the wait still wakes it.
	 * @param orderId the order
	 */
	void expect(UUID orderId) {
		this.waiting.computeIfAbsent(orderId, (id) -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
	}

	/**
	 * Waits until the order may have been decided, or the time is up.
	 * @param timeout the longest wait
	 */
	void await(Duration timeout) {
		LockSupport.parkNanos(this, timeout.toNanos());
	}

	/**
	 * Ends the calling thread's interest in the order.
	 * @param orderId the order
	 */
	void forget(UUID orderId) {
		this.waiting.computeIfPresent(orderId, (id, threads) -> {
			threads.remove(Thread.currentThread());
			return threads.isEmpty() ? null : threads;
		});
	}

	@Override
	public synchronized void start() {
		this.running = true;
		Thread thread = Thread.ofPlatform().name("order-outcomes").daemon().start(this::listen);
		this.listener = thread;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread thread = this.listener;
		this.listener = null;
		if (thread != null) {
			thread.interrupt();
		}
		wakeAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("listen order_decided");
				}
				// Anything decided while no one listened: every waiter looks again.
				wakeAll();
				PGConnection notifications = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] received = notifications.getNotifications(LISTEN_TIMEOUT_MILLIS);
					if (received != null) {
						for (PGNotification notification : received) {
							wake(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					logger.debug("Listening for decided orders failed; trying again in a second", ex);
					wakeAll();
					LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
				}
			}
		}
	}

	private void wake(String orderId) {
		UUID id;
		try {
			id = UUID.fromString(orderId);
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		Set<Thread> threads = this.waiting.get(id);
		if (threads != null) {
			threads.forEach(LockSupport::unpark);
		}
	}

	private void wakeAll() {
		this.waiting.values().forEach((threads) -> threads.forEach(LockSupport::unpark));
	}

}
