package dev.olf.messaging.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

import dev.olf.events.EventJson;
import dev.olf.messaging.MessagingProperties;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to Kafka and deletes them once Kafka acknowledged them.
 *
 * <p>
 * Rows are hashed into shards by aggregate id. One database transaction takes the
 * advisory locks of the shards no other relay holds (so at most one relay of all the
 * service's instances works on a shard), reads their oldest rows in commit order,
 * publishes them in one Kafka transaction and deletes them. A crash anywhere before the
 * delete commits leaves the rows in place: they are published again, which consumers
 * absorb through their inbox.
 *
 * <p>
 * The relay sleeps on PostgreSQL {@code LISTEN}, woken by the outbox trigger, and polls
 * as a fallback. Kafka calls go through a circuit breaker so an outage turns into a quiet
 * wait that health and metrics show, not a hot loop.
 */
class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	/** First key of the advisory lock a relay holds on a shard while publishing it. */
	static final int SHARD_LOCK = 0x6f627802;

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final KafkaOutboxPublisher publisher;

	private final CircuitBreaker circuitBreaker;

	private final OutboxMonitor monitor;

	private final int shards;

	private final int batchSize;

	private final Duration pollInterval;

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable Connection listener;

	private final AtomicReference<@Nullable String> lastFailure = new AtomicReference<>();

	OutboxRelay(DataSource dataSource, TransactionTemplate transaction, KafkaOutboxPublisher publisher,
			CircuitBreaker circuitBreaker, OutboxMonitor monitor, MessagingProperties.Outbox settings) {
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.transaction = transaction;
		this.publisher = publisher;
		this.circuitBreaker = circuitBreaker;
		this.monitor = monitor;
		this.shards = settings.shards();
		this.batchSize = settings.batchSize();
		this.pollInterval = settings.pollInterval();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread relay = new Thread(this::run, "outbox-relay");
		relay.setDaemon(true);
		relay.start();
		this.thread = relay;
	}

	@Override
	public void stop() {
		Thread relay;
		synchronized (this) {
			this.running = false;
			relay = this.thread;
			this.thread = null;
		}
		if (relay != null) {
			try {
				relay.join(this.pollInterval.toMillis() * 2 + 5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Start after and stop before the listener containers and web server, which use
		// the default phase: in-flight requests may still write events while the relay
		// runs.
		return Integer.MAX_VALUE - 100;
	}

	private void run() {
		while (this.running) {
			boolean more = false;
			try {
				more = relayAvailable();
				this.monitor.refresh();
			}
			catch (RuntimeException ex) {
				fail(ex);
			}
			if (!more) {
				awaitWork();
			}
		}
		closeListener();
	}

	/**
	 * Publishes one batch from the shards this relay can lock.
	 * @return whether the batch was full, so more rows are probably waiting
	 */
	boolean relayAvailable() {
		if (this.circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
			return false;
		}
		Integer published = this.transaction.execute((status) -> relayLockedShards());
		return published != null && published == this.batchSize;
	}

	/**
	 * Locks every shard no other relay holds, then publishes their oldest rows in one
	 * Kafka transaction: one round of commits for the whole batch rather than one per
	 * shard.
	 */
	private int relayLockedShards() {
		List<Integer> shards = this.jdbc.sql("""
				select shard from generate_series(0, :last) as shard
				where pg_try_advisory_xact_lock(:lock, shard)
				""").param("last", this.shards - 1).param("lock", SHARD_LOCK).query(Integer.class).list();
		if (shards.isEmpty()) {
			return 0;
		}
		List<OutboxRecord> records = this.jdbc.sql("""
				select id, topic, aggregateid, payload::text as payload, headers::text as headers
				from outbox where shard = any(cast(:shards as int[])) order by position limit :limit
				""")
			.param("shards", shards.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")))
			.param("limit", this.batchSize)
			.query((rs, row) -> new OutboxRecord(rs.getObject("id", UUID.class), rs.getString("topic"),
					rs.getString("aggregateid"), rs.getString("payload"),
					EventJson.mapper().readValue(rs.getString("headers"), HEADERS)))
			.list();
		if (records.isEmpty()) {
			return 0;
		}
		try {
			this.circuitBreaker.executeRunnable(() -> this.publisher.publish(records));
		}
		catch (CallNotPermittedException ex) {
			return 0;
		}
		String ids = records.stream()
			.map((record) -> record.id().toString())
			.collect(Collectors.joining(",", "{", "}"));
		this.jdbc.sql("delete from outbox where id = any(cast(:ids as uuid[]))").param("ids", ids).update();
		this.monitor.published(records);
		this.lastFailure.set(null);
		return records.size();
	}

	private void fail(RuntimeException ex) {
		String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		// Log a failure once while it lasts, not on every retry of an outage.
		if (!message.equals(this.lastFailure.getAndSet(message))) {
			logger.warn("Outbox relay failed, rows stay in the outbox and are retried: {}", message);
		}
		this.monitor.failed(message);
	}

	/**
	 * Waits for a notification from the outbox trigger, or the poll interval.
	 */
	private void awaitWork() {
		long timeout = this.pollInterval.toMillis();
		try {
			Connection connection = listener();
			connection.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeout));
		}
		catch (SQLException | RuntimeException ex) {
			closeListener();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(timeout));
		}
	}

	private Connection listener() throws SQLException {
		Connection connection = this.listener;
		if (connection == null || connection.isClosed()) {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("listen outbox");
			}
			this.listener = connection;
		}
		return connection;
	}

	private void closeListener() {
		Connection connection = this.listener;
		this.listener = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close the outbox listener connection", ex);
			}
		}
	}

}
