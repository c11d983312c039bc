package dev.olf.messaging;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.EventJson;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.inbox.Inbox;
import dev.olf.messaging.outbox.Outbox;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across services: the span current when an event is written goes with it
 * through the outbox and Kafka, the consumer continues it, and what the consumer writes
 * carries it on.
 */
@SpringBootTest(classes = MessagingTestApplication.class)
@Import(TracingIntegrationTest.RegistrationsListener.class)
@WithInfrastructure(database = "messaging_tracing")
class TracingIntegrationTest {

	@Autowired
	Tracer tracer;

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	RegistrationsListener listener;

	@Test
	void publishesAnEventWithTheTraceOfTheSpanThatWroteIt() {
		UUID customer = UUID.randomUUID();
		Span span = this.tracer.nextSpan().name("place order").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			this.transaction.executeWithoutResult((status) -> this.outbox.publish(registered(customer)));
		}
		finally {
			span.end();
		}

		ConsumerRecord<String, byte[]> published = awaitPublished(customer);

		// version, trace id, parent span id, then flags (sampled, maybe random trace id)
		assertThat(header(published, CloudEventHeaders.TRACEPARENT))
			.startsWith("00-" + span.context().traceId() + "-" + span.context().spanId() + "-");
	}

	@Test
	void handlesARecordInsideItsTraceAndPassesTheTraceOnToTheEventsItCauses() {
		String traceId = "4bf92f3577b34a0e8ea7c1b2d3e4f5a6";
		String parentSpanId = "00f067aa0ba902b7";
		UUID customer = UUID.randomUUID();
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(CustomerEvent.TOPIC, customer.toString(),
					EventJson.write(registered(customer)));
			record.headers().add(header(CloudEventHeaders.ID, UUID.randomUUID().toString()));
			record.headers().add(header(CloudEventHeaders.TYPE, "customer.registered.v1"));
			record.headers().add(header(CloudEventHeaders.TRACEPARENT, "00-" + traceId + "-" + parentSpanId + "-01"));
			kafka.send(record);
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.listener.handled.containsKey(customer));
		assertThat(this.listener.handled.get(customer)).as("the span current in the handler").isPresent();
		Span handling = this.listener.handled.get(customer).orElseThrow();
		assertThat(handling.context().traceId()).isEqualTo(traceId);
		assertThat(handling.context().spanId()).isNotEqualTo(parentSpanId);

		ConsumerRecord<String, byte[]> caused = awaitPublishedReservation(customer);
		assertThat(header(caused, CloudEventHeaders.TRACEPARENT))
			.startsWith("00-" + traceId + "-" + handling.context().spanId() + "-");
	}

	private ConsumerRecord<String, byte[]> awaitPublished(UUID customer) {
		try (TopicReader reader = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers(),
				CustomerEvent.TOPIC)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> find(reader.poll(), customer, "customer.registered.v1"), Optional::isPresent)
				.orElseThrow();
		}
	}

	private ConsumerRecord<String, byte[]> awaitPublishedReservation(UUID customer) {
		try (TopicReader reader = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers(),
				CustomerEvent.TOPIC)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> find(reader.poll(), customer, "customer.credit-reserved.v1"), Optional::isPresent)
				.orElseThrow();
		}
	}

	private static Optional<ConsumerRecord<String, byte[]>> find(List<ConsumerRecord<String, byte[]>> records, UUID key,
			String type) {
		return records.stream()
			.filter((record) -> key.toString().equals(record.key())
					&& type.equals(header(record, CloudEventHeaders.TYPE)))
			.findFirst();
	}

	private static RecordHeader header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static CustomerRegistered registered(UUID customer) {
		return new CustomerRegistered(customer, "Grace Hopper", "grace@example.com", new BigDecimal("50.00"));
	}

	/**
	 * A participant as a service writes one: it applies a registration through the inbox,
	 * notes the span it ran in, and answers with an event of its own.
	 */
	@TestConfiguration
	static class RegistrationsListener {

		final Map<UUID, Optional<Span>> handled = new ConcurrentHashMap<>();

		private final Inbox inbox;

		private final Outbox outbox;

		private final Tracer tracer;

		RegistrationsListener(Inbox inbox, Outbox outbox, Tracer tracer) {
			this.inbox = inbox;
			this.outbox = outbox;
			this.tracer = tracer;
		}

		@KafkaListener(id = "tracing-test.customer-events", groupId = "tracing-test", topics = CustomerEvent.TOPIC)
		void on(ConsumerRecord<String, CustomerEvent> record) {
			this.inbox.receive(record, (event) -> {
				if (event instanceof CustomerRegistered registered) {
					this.handled.put(registered.customerId(), Optional.ofNullable(this.tracer.currentSpan()));
					this.outbox.publish(new CreditReserved(registered.customerId(), registered.customerId(),
							new BigDecimal("1.00")));
				}
			});
		}

	}

}
