package dev.olf.localstack.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
	void bringsBackAKilledServiceWhichTakesItsPartitionsBackAtOnce() throws Exception {
		LocalStack stack = SystemStack.shared();
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("2.50", 10);
		ServiceProcess killed = stack.instances(Service.CUSTOMER).get(0);
		assertThat(staticMembers(stack, "customer-service")).containsExactlyInAnyOrder(
				"customer-service.customers.order-events-0", "customer-service.customers.order-events-1",
				"customer-service.customers.order-events-2");

		ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly();

		await().atMost(RESTART).ignoreExceptions().until(() -> {
			ServiceProcess now = stack.instances(Service.CUSTOMER).get(0);
			return now.pid() != killed.pid()
					&& SystemStack.get(Service.CUSTOMER, "/actuator/health/readiness").status() == 200;
		});
		assertThat(stack.supervisorReports())
			.anyMatch((line) -> line.startsWith("customer-service exited with 137; restarting in 1 s (restart "));
		// The restarted instance rejoins under the same group.instance.id, so Kafka hands
		// it the partitions of the killed one at once rather than after the dead
		// consumers' session timed out: an order placed now meets its deadline.
		JsonNode placedAtOnce = Shop.awaitFinal(Shop.placeOrder(customer, sku, 2));
		assertThat(placedAtOnce.path("status").asString()).isEqualTo("CONFIRMED");
		await().atMost(Shop.WAIT)
			.untilAsserted(
					() -> assertThat(Shop.amount(Shop.customer(customer), "usedCredit")).isEqualByComparingTo("5.00"));
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
	 * The static members' instance ids of a consumer group that has settled.
	 */
	private static Set<String> staticMembers(LocalStack stack, String group) throws Exception {
		try (Admin admin = Admin.create(stack.kafkaAdminProperties())) {
			return await().atMost(RESTART).until(() -> {
				ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
					.describedGroups()
					.get(group)
					.get(10, TimeUnit.SECONDS);
				if (description.groupState() != GroupState.STABLE) {
					return Set.<String>of();
				}
				return description.members()
					.stream()
					.map((member) -> member.groupInstanceId().orElse(member.consumerId()))
					.collect(Collectors.toSet());
			}, (members) -> !members.isEmpty());
		}
	}

}
