package dev.olf.localstack.launcher;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.olf.localstack.launcher.Shop.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A participant that is away past the deadline: the order is rejected with TIMEOUT, and
 * once the participant is back it works through what it missed and holds nothing.
 */
class ParticipantAwaySystemTest {

	@Test
	void rejectsWithTimeoutAndNothingStaysReservedOnceTheParticipantReturns() {
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("4.00", 10);
		LocalStack stack = SystemStack.shared();
		stack.stopService(Service.CUSTOMER);
		UUID order;
		try {
			order = Shop.placeOrder(customer, sku, 5);

			JsonNode rejected = Shop.awaitFinal(order);

			assertThat(rejected.path("status").asString()).isEqualTo("REJECTED");
			assertThat(Shop.reasons(rejected)).containsExactly("TIMEOUT");
			await().atMost(Shop.WAIT).until(() -> Shop.product(sku).path("reserved").asInt() == 0);
		}
		finally {
			stack.startServices(List.of(Service.CUSTOMER));
		}
		// The customer service reads OrderPlaced (and reserves), then OrderRejected (and
		// releases): per-key order makes the compensation safe.
		await().atMost(Shop.WAIT).untilAsserted(() -> {
			JsonNode credit = Shop.customer(customer);
			assertThat(amount(credit, "reservedCredit")).isEqualByComparingTo("0");
			assertThat(amount(credit, "availableCredit")).isEqualByComparingTo("100.00");
		});
		assertThat(Shop.product(sku).path("onHand").asInt()).isEqualTo(10);
		assertThat(Shop.awaitFinal(order).path("status").asString()).isEqualTo("REJECTED");
	}

}
