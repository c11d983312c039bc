package dev.olf.messaging.outbox;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the relay DOWN while its circuit to Kafka is open, with the backlog so that an
 * outage shows how much is waiting. It is not part of readiness: the service still
 * accepts requests while Kafka is away, and their events wait safely in the outbox.
 */
class OutboxHealthIndicator extends AbstractHealthIndicator {

	private final OutboxMonitor monitor;

	private final CircuitBreaker circuitBreaker;

	OutboxHealthIndicator(OutboxMonitor monitor, CircuitBreaker circuitBreaker) {
		this.monitor = monitor;
		this.circuitBreaker = circuitBreaker;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CircuitBreaker.State state = this.circuitBreaker.getState();
		if (state == CircuitBreaker.State.OPEN) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("kafkaCircuit", state.name())
			.withDetail("backlog", this.monitor.backlog())
			.withDetail("oldestAgeSeconds", this.monitor.oldestAgeSeconds());
		if (this.monitor.lastPublished() != null) {
			builder.withDetail("lastPublished", String.valueOf(this.monitor.lastPublished()));
		}
		if (this.monitor.lastFailure() != null) {
			builder.withDetail("lastFailure", String.valueOf(this.monitor.lastFailure()));
		}
	}

}
