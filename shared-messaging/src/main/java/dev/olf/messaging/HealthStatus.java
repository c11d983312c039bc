package dev.olf.messaging;

import org.springframework.boot.health.contributor.Status;

/**
 * Health states of the library beyond Spring Boot's own.
 */
public final class HealthStatus {

	/**
	 * Something needs a person's attention (dead letters waiting, a consumer retrying one
	 * record for long), but the service works and restarting it would not help. Spring
	 * Boot's aggregation ignores a status it does not know, so this shows in the
	 * component without turning the service, its readiness or liveness DOWN.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private HealthStatus() {
	}

}
