package dev.olf.localstack.launcher;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.olf.localstack.launcher.Shop.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order saga across the real services, each its own process.
 */
class SagaSystemTest {

	@Test
	void confirmsAnOrderAndCommitsStockAndCredit() {
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("7.50", 10);

		JsonNode order = Shop.awaitFinal(Shop.placeOrder(customer, sku, 4));

		assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(amount(order, "total")).isEqualByComparingTo("30.00");
		assertThat(order.path("history").size()).isEqualTo(2);
		await().atMost(Shop.WAIT).untilAsserted(() -> {
			assertThat(Shop.product(sku).path("onHand").asInt()).isEqualTo(6);
			assertThat(Shop.product(sku).path("reserved").asInt()).isZero();
			assertThat(amount(Shop.customer(customer), "usedCredit")).isEqualByComparingTo("30.00");
			assertThat(amount(Shop.customer(customer), "reservedCredit")).isEqualByComparingTo("0");
		});
	}

	@Test
	void rejectsForInsufficientCreditAndReleasesTheStock() {
		UUID customer = Shop.customerWithCredit("10.00");
		String sku = Shop.product("7.50", 10);

		JsonNode order = Shop.awaitFinal(Shop.placeOrder(customer, sku, 2));

		assertThat(order.path("status").asString()).isEqualTo("REJECTED");
		assertThat(Shop.reasons(order)).containsExactly("INSUFFICIENT_CREDIT");
		await().atMost(Shop.WAIT).untilAsserted(() -> {
			assertThat(Shop.product(sku).path("available").asInt()).isEqualTo(10);
			assertThat(Shop.product(sku).path("reserved").asInt()).isZero();
		});
		assertThat(amount(Shop.customer(customer), "availableCredit")).isEqualByComparingTo("10.00");
	}

	@Test
	void rejectsWhenOutOfStockAndReleasesTheCredit() {
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("5.00", 1);

		JsonNode order = Shop.awaitFinal(Shop.placeOrder(customer, sku, 2));

		assertThat(order.path("status").asString()).isEqualTo("REJECTED");
		assertThat(Shop.reasons(order)).containsExactly("OUT_OF_STOCK");
		await().atMost(Shop.WAIT).untilAsserted(() -> {
			assertThat(amount(Shop.customer(customer), "availableCredit")).isEqualByComparingTo("100.00");
			assertThat(amount(Shop.customer(customer), "reservedCredit")).isEqualByComparingTo("0");
		});
		assertThat(Shop.product(sku).path("onHand").asInt()).isEqualTo(1);
	}

	@Test
	void rejectsAnOrderOfAnUnknownCustomerAndReleasesTheStock() {
		String sku = Shop.product("5.00", 3);

		JsonNode order = Shop.awaitFinal(Shop.placeOrder(UUID.randomUUID(), sku, 2));

		assertThat(order.path("status").asString()).isEqualTo("REJECTED");
		assertThat(Shop.reasons(order)).containsExactly("UNKNOWN_CUSTOMER");
		await().atMost(Shop.WAIT).until(() -> Shop.product(sku).path("available").asInt() == 3);
	}

	@Test
	void refusesAnUnknownSkuAtOnce() {
		SystemStack.Response refused = Shop.order(UUID.randomUUID(), "NO-SUCH-SKU", 1);

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body().path("detail").asString()).contains("NO-SUCH-SKU");
	}

	@Test
	void cancellingAConfirmedOrderGivesBackStockAndCredit() {
		UUID customer = Shop.customerWithCredit("50.00");
		String sku = Shop.product("10.00", 5);
		UUID order = Shop.placeOrder(customer, sku, 3);
		assertThat(Shop.awaitFinal(order).path("status").asString()).isEqualTo("CONFIRMED");

		SystemStack.Response cancelled = SystemStack.post(Service.ORDER, "/api/orders/" + order + "/cancel", "");

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.body().path("status").asString()).isEqualTo("CANCELLED");
		await().atMost(Shop.WAIT).untilAsserted(() -> {
			assertThat(Shop.product(sku).path("onHand").asInt()).isEqualTo(5);
			assertThat(Shop.product(sku).path("reserved").asInt()).isZero();
			assertThat(amount(Shop.customer(customer), "availableCredit")).isEqualByComparingTo("50.00");
			assertThat(amount(Shop.customer(customer), "usedCredit")).isEqualByComparingTo(BigDecimal.ZERO);
		});
		assertThat(SystemStack.post(Service.ORDER, "/api/orders/" + order + "/cancel", "").status()).isEqualTo(409);
	}

}
