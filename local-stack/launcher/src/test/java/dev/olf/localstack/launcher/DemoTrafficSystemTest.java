package dev.olf.localstack.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code ./run-local --demo} promises: the dashboard moves, with orders of every
 * outcome.
 */
class DemoTrafficSystemTest {

	@Test
	void demoTrafficPlacesOrdersThatAreConfirmedAndRejected() {
		JsonNode before = summary();
		ByteArrayOutputStream console = new ByteArrayOutputStream();

		try (DemoTraffic demo = DemoTraffic.start(SystemStack.shared(), 20,
				new PrintStream(console, true, StandardCharsets.UTF_8))) {
			await().atMost(Duration.ofMinutes(2)).until(() -> {
				JsonNode now = summary();
				return orders(now, "placed") >= orders(before, "placed") + 60
						&& orders(now, "confirmed") > orders(before, "confirmed")
						&& orders(now, "rejected") > orders(before, "rejected");
			});
		}

		assertThat(console.toString(StandardCharsets.UTF_8)).contains("placing 20.0 orders per second");
		assertThat(summary().path("customersRegistered").asLong())
			.isGreaterThanOrEqualTo(before.path("customersRegistered").asLong() + 12);
	}

	private static JsonNode summary() {
		return SystemStack.get(Service.STATS, "/api/stats/summary").body();
	}

	private static long orders(JsonNode summary, String outcome) {
		return summary.path("orders").path(outcome).asLong();
	}

}
