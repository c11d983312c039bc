package dev.olf.stats.summary;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.olf.events.customer.CustomerRegistered;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.CloudEventRecords;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@WithInfrastructure(database = "olf")
class CustomerEventsListenerIntegrationTest {

	@Autowired
	Counters counters;

	@Test
	void countsARegisteredCustomerOnceWhenTheEventArrivesTwice() {
		long before = registered();
		CustomerRegistered event = new CustomerRegistered(UUID.randomUUID(), "Ada", "ada@example.com",
				new BigDecimal("10.00"));
		UUID eventId = UUID.randomUUID();
		CustomerRegistered later = new CustomerRegistered(event.customerId(), "Ada", "ada@example.com",
				new BigDecimal("10.00"));
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			kafka.send(CloudEventRecords.of(eventId, event, "/test"));
			kafka.send(CloudEventRecords.of(eventId, event, "/test"));
			kafka.send(CloudEventRecords.of(UUID.randomUUID(), later, "/test"));
		}

		// Same key, so the third record is handled after both copies of the first.
		await().atMost(Duration.ofSeconds(30)).until(this::registered, (count) -> count >= before + 2);
		assertThat(registered()).isEqualTo(before + 2);
	}

	private long registered() {
		return this.counters.all().getOrDefault(Counters.CUSTOMERS_REGISTERED, 0L);
	}

}
