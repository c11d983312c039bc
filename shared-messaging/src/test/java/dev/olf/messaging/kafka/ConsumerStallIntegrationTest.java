package dev.olf.messaging.kafka;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.HealthStatus;
import dev.olf.messaging.MessagingTestApplication;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MessagingTestApplication.class)
@Import(ConsumerStallIntegrationTest.InventoryEventsListener.class)
@WithInfrastructure(database = "messaging_stalls")
class ConsumerStallIntegrationTest {

	static final String GROUP = "stall-test";

	/**
	 * Products whose events fail as if the database were away, until the test says so.
	 */
	static final Set<String> failing = ConcurrentHashMap.newKeySet();

	static final List<String> applied = new CopyOnWriteArrayList<>();

	@Autowired
	ConsumerHealthIndicator consumers;

	@Autowired
	HealthEndpoint health;

	@Autowired
	MeterRegistry meters;

	@Test
	void showsAConsumerRetryingOneRecordAsStalledUntilItRecoversAndKeepsTheKeysOrder() {
		String sku = "stalled-" + UUID.randomUUID();
		failing.add(sku);
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			kafka.send(CloudEventRecords.of(UUID.randomUUID(), product(sku, "first"), "/test"));
			kafka.send(CloudEventRecords.of(UUID.randomUUID(), product(sku, "second"), "/test"));
			kafka.flush();
		}

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Health consumerHealth = this.consumers.health();
			assertThat(consumerHealth.getStatus()).isEqualTo(HealthStatus.DEGRADED);
			assertThat(consumerHealth.getDetails().get("stalled"))
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
				.anySatisfy((stall) -> assertThat(stall).matches("consumer " + GROUP
						+ " stalled on inventory\\.events-\\d+@\\d+ since \\S+Z: .*database away.*"));
			assertThat(stalledSeconds()).isGreaterThanOrEqualTo(1);
		});
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(applied).noneMatch((event) -> event.startsWith(sku));

		failing.remove(sku);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(applied.stream().filter((event) -> event.startsWith(sku)))
				.containsExactly(sku + "/first", sku + "/second"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.consumers.health().getStatus()).isEqualTo(Status.UP);
			assertThat(this.consumers.health().getDetails()).doesNotContainKey("stalled");
			assertThat(stalledSeconds()).isZero();
		});
	}

	private double stalledSeconds() {
		return this.meters.find("consumer.stalled")
			.tag("group", GROUP)
			.gauges()
			.stream()
			.mapToDouble(Gauge::value)
			.max()
			.orElse(0);
	}

	private static ProductAdded product(String sku, String name) {
		return new ProductAdded(sku, name, new BigDecimal("9.99"), 5);
	}

	/**
	 * A consumer whose database is away for some products.
	 */
	@TestConfiguration
	static class InventoryEventsListener {

		private final Inbox inbox;

		InventoryEventsListener(Inbox inbox) {
			this.inbox = inbox;
		}

		@KafkaListener(id = "stall-test.inventory-events", groupId = GROUP, topics = InventoryEvent.TOPIC)
		void on(ConsumerRecord<String, InventoryEvent> record) {
			this.inbox.receive(record, (event) -> {
				if (event instanceof ProductAdded added) {
					if (failing.contains(added.sku())) {
						throw new QueryTimeoutException("database away (test)");
					}
					applied.add(added.sku() + "/" + added.name());
				}
			});
		}

	}

}
