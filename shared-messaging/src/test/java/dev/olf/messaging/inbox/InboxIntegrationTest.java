package dev.olf.messaging.inbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.EventJson;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.DeadLetterPublisher;
import dev.olf.messaging.MessagingTestApplication;
import dev.olf.messaging.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MessagingTestApplication.class)
@Import(InboxIntegrationTest.CustomerEventsListener.class)
@WithInfrastructure(database = "messaging_inbox")
class InboxIntegrationTest {

	static final String GROUP = "inbox-test";

	@Autowired
	Inbox inbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	InboxRetention retention;

	@Autowired
	MeterRegistry meters;

	@Test
	void appliesAnEventDeliveredTwiceOnce() {
		UUID customer = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		UUID marker = UUID.randomUUID();
		try (KafkaProducer<String, byte[]> kafka = rawProducer()) {
			kafka.send(record(eventId, "customer.registered.v1", customer, EventJson.write(registered(customer))));
			kafka.send(record(eventId, "customer.registered.v1", customer, EventJson.write(registered(customer))));
			// Same key, sent after the duplicate: once it is applied, the duplicate was
			// handled.
			kafka.send(
					record(UUID.randomUUID(), "customer.registered.v1", customer, EventJson.write(registered(marker))));
			kafka.flush();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> applications(marker) == 1);
		assertThat(applications(customer)).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from inbox where consumer = :group and event_id = :id")
			.param("group", GROUP)
			.param("id", eventId)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void concurrentDeliveriesOfOneEventRunTheHandlerOnce() throws Exception {
		UUID eventId = UUID.randomUUID();
		AtomicInteger runs = new AtomicInteger();
		CyclicBarrier start = new CyclicBarrier(2);
		Callable<Boolean> delivery = () -> {
			start.await(10, TimeUnit.SECONDS);
			return this.inbox.process("concurrent-test", eventId, "customer.registered.v1", runs::incrementAndGet);
		};
		try (ExecutorService consumers = Executors.newFixedThreadPool(2)) {
			List<Boolean> applied = new ArrayList<>();
			for (Future<Boolean> result : consumers.invokeAll(List.of(delivery, delivery))) {
				applied.add(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(runs).hasValue(1);
			assertThat(applied).containsExactlyInAnyOrder(true, false);
		}
	}

	@Test
	void sendsARecordThatCanNeverBeReadToTheDeadLetterTopic() {
		UUID customer = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		String deadLetters = DeadLetterPublisher.topic(CustomerEvent.TOPIC, GROUP, "dlt");
		try (KafkaProducer<String, byte[]> kafka = rawProducer()) {
			kafka.send(record(eventId, "customer.registered.v1", customer,
					"{\"customerId\": \"not a uuid\"}".getBytes(StandardCharsets.UTF_8)));
			// The partition is not blocked: a good record behind the bad one is applied.
			kafka.send(record(UUID.randomUUID(), "customer.registered.v1", customer,
					EventJson.write(registered(customer))));
			kafka.flush();
		}
		try (TopicReader reader = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), deadLetters)) {
			ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.poll()
					.stream()
					.filter((record) -> eventId.toString().equals(header(record, CloudEventHeaders.ID)))
					.findFirst()
					.orElse(null), (found) -> found != null);
			assertThat(dead.key()).isEqualTo(customer.toString());
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("not a uuid");
			assertThat(header(dead, "kafka_dlt-exception-message")).isNotBlank();
			assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(CustomerEvent.TOPIC);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> applications(customer) == 1);
	}

	@Test
	void forgetsIdsOlderThanTheRetentionInBatchesAndKeepsNewerOnes() {
		String consumer = "retention-" + UUID.randomUUID();
		insertInbox(consumer, 2_500, "8 days");
		insertInbox(consumer, 10, "6 days");

		assertThat(this.retention.deleteExpired()).isGreaterThanOrEqualTo(2_500);

		assertThat(this.jdbc
			.sql("select count(*) from inbox where consumer = :consumer and received_at < now() - interval '7 days'")
			.param("consumer", consumer)
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select count(*) from inbox where consumer = :consumer")
			.param("consumer", consumer)
			.query(Long.class)
			.single()).isEqualTo(10);
		assertThat(this.meters.get("inbox.size").gauge().value()).isGreaterThanOrEqualTo(10);
	}

	private void insertInbox(String consumer, int rows, String age) {
		this.jdbc.sql("""
				insert into inbox (consumer, event_id, event_type, received_at)
				select :consumer, gen_random_uuid(), 'test.happened.v1', now() - cast(:age as interval)
				from generate_series(1, :rows)
				""").param("consumer", consumer).param("age", age).param("rows", rows).update();
	}

	private long applications(UUID customer) {
		return this.jdbc.sql("select count(*) from inbox_test_applied where customer_id = :id")
			.param("id", customer)
			.query(Long.class)
			.single();
	}

	private static KafkaProducer<String, byte[]> rawProducer() {
		return new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer());
	}

	private static ProducerRecord<String, byte[]> record(UUID id, String type, UUID key, byte[] payload) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(CustomerEvent.TOPIC, key.toString(), payload);
		record.headers().add(new RecordHeader(CloudEventHeaders.ID, id.toString().getBytes(StandardCharsets.UTF_8)));
		record.headers().add(new RecordHeader(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static CustomerRegistered registered(UUID customer) {
		return new CustomerRegistered(customer, "Grace Hopper", "grace@example.com", new BigDecimal("50.00"));
	}

	/**
	 * A consumer as a service writes one: each event applied through the inbox, here by
	 * recording that it ran.
	 */
	@TestConfiguration
	static class CustomerEventsListener {

		private final Inbox inbox;

		private final JdbcClient jdbc;

		CustomerEventsListener(Inbox inbox, JdbcClient jdbc) {
			this.inbox = inbox;
			this.jdbc = jdbc;
			jdbc.sql("create table if not exists inbox_test_applied (customer_id uuid not null)").update();
		}

		@KafkaListener(id = "inbox-test.customer-events", groupId = GROUP, topics = CustomerEvent.TOPIC)
		void on(ConsumerRecord<String, CustomerEvent> record) {
			this.inbox.receive(record, (event) -> {
				if (event instanceof CustomerRegistered registered) {
					this.jdbc.sql("insert into inbox_test_applied (customer_id) values (:id)")
						.param("id", registered.customerId())
						.update();
				}
			});
		}

	}

}
