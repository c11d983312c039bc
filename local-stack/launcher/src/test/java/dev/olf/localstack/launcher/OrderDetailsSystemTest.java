package dev.olf.localstack.launcher;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order details compose across services: with the customer service away the answer is
 * partial and says so, comes fast once the breaker is open, and is whole again when the
 * customer service is back.
 */
class OrderDetailsSystemTest {

	@Test
	void answersInPartWhileTheCustomerServiceIsAwayAndRecovers() {
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("4.00", 10);
		UUID order = Shop.placeOrder(customer, sku, 2);
		await().atMost(Shop.WAIT)
			.until(() -> details(order).path("degraded").isEmpty()
					&& "Customer".equals(details(order).path("customer").path("name").asString()));
		assertThat(details(order).path("lines").get(0).path("available").asInt()).isBetween(0, 10);

		LocalStack stack = SystemStack.shared();
		stack.stopService(Service.CUSTOMER);
		try {
			JsonNode partial = details(order);
			assertThat(partial.path("degraded").get(0).asString()).isEqualTo("customer");
			assertThat(partial.path("customer").path("name").isNull()).isTrue();
			assertThat(partial.path("lines").get(0).path("name").asString()).isNotBlank();

			await().atMost(Duration.ofSeconds(30)).until(() -> {
				details(order);
				return "OPEN".equals(breaker("customer-service").path("state").asString());
			});
			// Five answers while the breaker is open, all partial; the typical one (the
			// median) well under 100 ms. Not the slowest: one call can meet a collection
			// or a compilation on a loaded machine, which says nothing about the breaker
			// (a breaker that waited for the customer service would make all five slow).
			List<Duration> whileOpen = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				long began = System.nanoTime();
				JsonNode answer = details(order);
				whileOpen.add(Duration.ofNanos(System.nanoTime() - began));
				assertThat(answer.path("degraded").get(0).asString()).isEqualTo("customer");
			}
			assertThat(whileOpen.stream().sorted().toList().get(2)).as("median of %s", whileOpen)
				.isLessThan(Duration.ofMillis(100));
			assertThat(SystemStack.get(orderService(), "/actuator/prometheus").text())
				.contains("resilience4j_circuitbreaker_state{", "name=\"customer-service\"");
		}
		finally {
			stack.startServices(List.of(Service.CUSTOMER));
		}

		await().atMost(Shop.WAIT).untilAsserted(() -> {
			JsonNode whole = details(order);
			assertThat(whole.path("degraded").isEmpty()).isTrue();
			assertThat(whole.path("customer").path("name").asString()).isEqualTo("Customer");
		});
	}

	/**
	 * One order-service instance, always the same: each instance has breakers of its own.
	 */
	private static URI orderService() {
		return SystemStack.shared().url(Service.ORDER);
	}

	private static JsonNode details(UUID order) {
		SystemStack.Response response = SystemStack.get(orderService(), "/api/orders/" + order + "/details");
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.body();
	}

	private static JsonNode breaker(String name) {
		return SystemStack.get(orderService(), "/actuator/health")
			.body()
			.path("components")
			.path("circuitBreakers")
			.path("details")
			.path(name)
			.path("details");
	}

}
