package dev.olf.localstack.launcher;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process of the stack killed with {@code kill -9} comes back by itself, and the system
 * works with it as before.
 */
class SupervisionSystemTest {

	private static final Duration RESTART = Duration.ofMinutes(3);

	@Test
	void bringsBackAKilledServiceAndOrdersReachAFinalStateAfterwards() throws Exception {
		LocalStack stack = SystemStack.shared();
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("2.50", 10);
		ServiceProcess killed = stack.instances(Service.CUSTOMER).get(0);
		Set<String> consumersBefore = members(stack, "customer-service");

		ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly();

		await().atMost(RESTART).ignoreExceptions().until(() -> {
			ServiceProcess now = stack.instances(Service.CUSTOMER).get(0);
			return now.pid() != killed.pid()
					&& SystemStack.get(Service.CUSTOMER, "/actuator/health/readiness").status() == 200;
		});
		assertThat(stack.supervisorReports())
			.anyMatch((line) -> line.startsWith("customer-service exited with 137; restarting in 1 s (restart "));
		// Placed at once, the order may be rejected by its deadline: the killed
		// instance's consumers keep their partitions until their session times out.
		JsonNode placedAtOnce = Shop.awaitFinal(Shop.placeOrder(customer, sku, 1));
		assertThat(placedAtOnce.path("status").asString()).isIn("CONFIRMED", "REJECTED");
		await().atMost(RESTART).ignoreExceptions().until(() -> {
			Set<String> now = members(stack, "customer-service");
			return !now.isEmpty() && now.stream().noneMatch(consumersBefore::contains);
		});
		JsonNode placedLater = Shop.awaitFinal(Shop.placeOrder(customer, sku, 2));
		assertThat(placedLater.path("status").asString()).isEqualTo("CONFIRMED");
		await().atMost(Shop.WAIT)
			.untilAsserted(() -> assertThat(Shop.amount(Shop.customer(customer), "usedCredit"))
				.usingComparator(BigDecimal::compareTo)
				.isIn(new BigDecimal("5.00"), new BigDecimal("7.50")));
	}

	@Test
	void bringsBackAKilledKafkaAndOrdersReachAFinalStateAfterwards() {
		LocalStack stack = SystemStack.shared();
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("2.50", 10);
		long killed = stack.kafkaPid();

		ProcessHandle.of(killed).orElseThrow().destroyForcibly();

		await().atMost(RESTART).ignoreExceptions().until(() -> stack.kafkaPid() != killed);
		assertThat(stack.supervisorReports())
			.anyMatch((line) -> line.startsWith("kafka exited with 137; restarting in 1 s (restart "));
		JsonNode order = Shop.awaitFinal(Shop.placeOrder(customer, sku, 2));
		assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
	}

	/**
	 * The members of a consumer group that has settled, so none is on its way out.
	 */
	private static Set<String> members(LocalStack stack, String group) throws Exception {
		try (Admin admin = Admin.create(stack.kafkaAdminProperties())) {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(10, TimeUnit.SECONDS);
			if (description.groupState() != GroupState.STABLE) {
				return Set.of();
			}
			return description.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
		}
	}

}
