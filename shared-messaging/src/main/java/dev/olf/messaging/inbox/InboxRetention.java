package dev.olf.messaging.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.olf.messaging.MessagingProperties;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forgets applied event ids once they are older than the retention, so the inbox does not
 * grow for ever, and shows its size as the {@code inbox.size} gauge.
 *
 * <p>
 * Rows go in batches of {@code cleanup-batch-size}, each its own short statement, so that
 * no statement holds many locks or runs long next to the consumers' inserts. Several
 * instances may run this at once: {@code for update skip locked} gives each batch rows no
 * other instance is deleting.
 *
 * <p>
 * The size is PostgreSQL's estimate ({@code pg_class.reltuples}, kept by autovacuum and
 * analyze): free to read, and close enough to see the table grow or shrink, whereas
 * {@code count(*)} scans the whole table on every scrape. A table never analyzed yet
 * (estimate -1) is small, so it is counted instead.
 */
class InboxRetention {

	private static final Logger logger = LoggerFactory.getLogger(InboxRetention.class);

	private static final Duration SIZE_REFRESH = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final MessagingProperties.Inbox settings;

	private volatile double size = Double.NaN;

	private volatile Instant nextSizeRefresh = Instant.MIN;

	InboxRetention(JdbcClient jdbc, Clock clock, MessagingProperties.Inbox settings, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings;
		Gauge.builder("inbox.size", this, InboxRetention::size)
			.description("Event ids in the inbox (PostgreSQL's estimate)")
			.baseUnit("events")
			.register(meters);
	}

	/**
	 * Deletes every id older than the retention, batch by batch.
	 * @return how many were deleted
	 */
	int deleteExpired() {
		Instant cutoff = this.clock.instant().minus(this.settings.retention());
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql("""
					delete from inbox where (consumer, event_id) in (
					    select consumer, event_id from inbox where received_at < :cutoff
					    limit :batch for update skip locked)
					""")
				.param("cutoff", Timestamp.from(cutoff))
				.param("batch", this.settings.cleanupBatchSize())
				.update();
			total += deleted;
		}
		while (deleted == this.settings.cleanupBatchSize() && !Thread.currentThread().isInterrupted());
		if (total > 0) {
			logger.info("Deleted {} inbox ids older than {}", total, cutoff);
		}
		return total;
	}

	double size() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextSizeRefresh)) {
			return this.size;
		}
		this.nextSizeRefresh = now.plus(SIZE_REFRESH);
		try {
			Double estimate = this.jdbc.sql("select reltuples from pg_class where oid = to_regclass('inbox')")
				.query(Double.class)
				.optional()
				.orElse(-1.0);
			this.size = (estimate >= 0) ? estimate
					: this.jdbc.sql("select count(*) from inbox").query(Long.class).single().doubleValue();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the inbox size", ex);
		}
		return this.size;
	}

}
