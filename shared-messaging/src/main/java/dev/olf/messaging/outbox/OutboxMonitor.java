package dev.olf.messaging.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the relay knows about the outbox, for metrics and health: the backlog, the age of
 * the oldest unpublished row, what was published and the last failure.
 */
class OutboxMonitor {

	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final MeterRegistry meters;

	private volatile long backlog;

	private volatile double oldestAgeSeconds;

	private volatile @Nullable Instant lastPublished;

	private volatile @Nullable String lastFailure;

	private volatile Instant nextRefresh = Instant.MIN;

	OutboxMonitor(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.meters = meters;
		Gauge.builder("outbox.backlog", this, (monitor) -> monitor.backlog)
			.description("Events written to the outbox and not yet acknowledged by Kafka")
			.baseUnit("events")
			.register(meters);
		TimeGauge.builder("outbox.oldest.age", this, TimeUnit.SECONDS, (monitor) -> monitor.oldestAgeSeconds)
			.description("Age of the oldest event not yet published")
			.register(meters);
	}

	void published(List<OutboxRecord> records) {
		records.forEach((record) -> Counter.builder("outbox.published")
			.description("Events published to Kafka by the relay")
			.tag("topic", record.topic())
			.register(this.meters)
			.increment());
		this.lastPublished = this.clock.instant();
		this.lastFailure = null;
	}

	void failed(String failure) {
		this.lastFailure = failure;
	}

	/**
	 * Re-reads the backlog, at most once a second.
	 */
	void refresh() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextRefresh)) {
			return;
		}
		this.nextRefresh = now.plus(REFRESH_INTERVAL);
		this.jdbc.sql("select count(*) as backlog, min(created_at) as oldest from outbox").query((rs) -> {
			this.backlog = rs.getLong("backlog");
			java.sql.Timestamp oldest = rs.getTimestamp("oldest");
			this.oldestAgeSeconds = (oldest != null)
					? Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0) : 0;
		});
	}

	long backlog() {
		return this.backlog;
	}

	double oldestAgeSeconds() {
		return this.oldestAgeSeconds;
	}

	@Nullable Instant lastPublished() {
		return this.lastPublished;
	}

	@Nullable String lastFailure() {
		return this.lastFailure;
	}

}
