package dev.olf.localstack.launcher;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code ./run-local --instances order=2} promises: two order services, each on its
 * own port, both ready and both serving the same orders.
 */
class ScaleOutSystemTest {

	@Test
	void bothInstancesAreReadyOnTheirOwnPortsAndServeTheSameOrders() {
		List<ServiceProcess> orderServices = SystemStack.shared().instances(Service.ORDER);
		assertThat(orderServices).hasSize(SystemStack.ORDER_INSTANCES);
		assertThat(orderServices).extracting(ServiceProcess::name)
			.containsExactly("order-service-1", "order-service-2");
		assertThat(orderServices).extracting(ServiceProcess::url).doesNotHaveDuplicates();
		assertThat(orderServices).extracting(ServiceProcess::pid).doesNotHaveDuplicates();
		URI first = orderServices.get(0).url();
		URI second = orderServices.get(1).url();
		assertThat(second.getPort()).isEqualTo(first.getPort() + 100);
		for (ServiceProcess instance : orderServices) {
			assertThat(SystemStack.get(instance.url(), "/actuator/health/readiness").status()).as(instance.name())
				.isEqualTo(200);
		}
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("3.00", 10);

		UUID placedOnTheSecond = placeOrder(second, customer, sku);
		UUID placedOnTheFirst = placeOrder(first, customer, sku);

		assertThat(awaitFinal(first, placedOnTheSecond).path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(awaitFinal(second, placedOnTheFirst).path("status").asString()).isEqualTo("CONFIRMED");
	}

	private static UUID placeOrder(URI instance, UUID customer, String sku) {
		await().atMost(Shop.WAIT).until(() -> SystemStack.get(instance, "/api/catalogue/" + sku).status() == 200);
		SystemStack.Response placed = SystemStack.post(instance, "/api/orders", """
				{"customerId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}
				""".formatted(customer, sku));
		assertThat(placed.status()).as(placed.text()).isEqualTo(202);
		return UUID.fromString(placed.body().path("id").asString());
	}

	private static JsonNode awaitFinal(URI instance, UUID order) {
		return await().atMost(Shop.WAIT)
			.until(() -> SystemStack.get(instance, "/api/orders/" + order).body(),
					(body) -> Shop.FINAL.contains(body.path("status").asString()));
	}

}
