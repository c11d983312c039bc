package dev.olf.messaging.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.olf.messaging.HealthStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Counts the pending dead letters (every {@code refresh-interval}, run by a
 * {@link dev.olf.messaging.PeriodicTask}) and shows them as the {@code dead.letters}
 * gauge (one per consumed topic and group) and as the {@code deadLetters} health
 * component.
 *
 * <p>
 * The component is {@code DEGRADED} while dead letters wait, never DOWN: a dead letter is
 * one record a person must look at, while the service goes on with every other record;
 * taking it out of readiness or restarting it would help nobody.
 */
class DeadLetterMonitor extends AbstractHealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterMonitor.class);

	private final DeadLetters deadLetters;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private final Set<String> metered = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Instant refreshed;

	private volatile @Nullable String lastFailure;

	DeadLetterMonitor(DeadLetters deadLetters, MeterRegistry meters, Clock clock) {
		this.deadLetters = deadLetters;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Re-reads the counts now, e.g. after a replay.
	 */
	void refresh() {
		try {
			Map<DeadLetters.Source, String> sources = new HashMap<>();
			this.deadLetters.topics().forEach((topic, source) -> sources.put(source, topic));
			Map<String, Long> current = this.deadLetters.pendingCounts();
			this.counts.putAll(current);
			this.counts.keySet().retainAll(current.keySet());
			sources.forEach((source, topic) -> {
				if (this.metered.add(topic)) {
					Gauge.builder("dead.letters", this.counts, (counts) -> counts.getOrDefault(topic, 0L))
						.description("Dead letters not replayed yet, per consumed topic and consumer group")
						.tag("topic", source.topic())
						.tag("group", source.group())
						.register(this.meters);
				}
			});
			this.refreshed = this.clock.instant();
			this.lastFailure = null;
		}
		catch (RuntimeException ex) {
			this.lastFailure = ex.toString();
			logger.debug("Could not count the dead letters", ex);
		}
	}

	Map<String, Long> counts() {
		return Map.copyOf(this.counts);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		long pending = this.counts.values().stream().mapToLong(Long::longValue).sum();
		builder.status((pending > 0) ? HealthStatus.DEGRADED : org.springframework.boot.health.contributor.Status.UP)
			.withDetail("pending", pending);
		this.counts.forEach((topic, count) -> {
			if (count > 0) {
				builder.withDetail(topic, count);
			}
		});
		if (this.refreshed != null) {
			builder.withDetail("countedAt", String.valueOf(this.refreshed));
		}
		if (this.lastFailure != null) {
			builder.withDetail("lastFailure", String.valueOf(this.lastFailure));
		}
	}

}
