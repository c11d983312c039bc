package dev.olf.messaging.kafka;

import java.util.List;

import dev.olf.messaging.HealthStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code consumers} health component: {@code DEGRADED} with a line per stalled
 * partition while a consumer retries one record for longer than the threshold, UP
 * otherwise.
 *
 * <p>
 * Never DOWN, neither for readiness nor for liveness: a stall comes from a dependency
 * that is away (the database) or a record that fails every time, and a restart would fix
 * neither; it would retry the same record after a rebalance, and under an orchestrator
 * that restarts on liveness failures it would turn a database outage into restart loops
 * of every instance. The stall is for a person or an alert on {@code consumer.stalled}.
 */
public class ConsumerHealthIndicator extends AbstractHealthIndicator {

	private final ConsumerStalls stalls;

	public ConsumerHealthIndicator(ConsumerStalls stalls) {
		this.stalls = stalls;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<ConsumerStalls.Stall> current = this.stalls.current();
		if (current.isEmpty()) {
			builder.up();
			return;
		}
		builder.status(HealthStatus.DEGRADED)
			.withDetail("stalled", current.stream().map(ConsumerStalls.Stall::describe).toList());
	}

}
