package dev.olf.messaging.deadletter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.EventJson;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.EveryScope;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.EventTypeNotForTopicException;
import dev.olf.messaging.HealthStatus;
import dev.olf.messaging.MessagingTestApplication;
import dev.olf.messaging.MissingCloudEventHeaderException;
import dev.olf.messaging.NonRetryableEventException;
import dev.olf.messaging.TopicReader;
import dev.olf.messaging.inbox.Inbox;
import dev.olf.messaging.kafka.CloudEventRecords;
import dev.olf.messaging.kafka.DeadLetterReason;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MessagingTestApplication.class, properties = "management.endpoint.health.probes.enabled=true")
@AutoConfigureMockMvc
@Import({ EveryScope.class, DeadLetterIntegrationTest.InventoryEventsListener.class })
@WithInfrastructure(database = "messaging_dead_letters")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterIntegrationTest {

	static final String GROUP = "dead-letter-test";

	static final String LISTENER = "dead-letter-test.inventory-events";

	static final String DEAD_LETTER_TOPIC = InventoryEvent.TOPIC + "." + GROUP + ".dlt";

	static final String REPLAY_TOPIC = InventoryEvent.TOPIC + "." + GROUP + ".replay";

	/**
	 * Products whose events the handler refuses, as a bug would, until the test fixes it.
	 */
	static final Set<String> refused = ConcurrentHashMap.newKeySet();

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	HealthEndpoint health;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Test
	@Order(1)
	void replaysADeadLetterOnceItsCauseIsFixedAndAppliesItOnce() {
		// The listener reads its replay topic with the topic, in the same container.
		assertThat(this.listeners.getListenerContainer(LISTENER).getContainerProperties().getTopics())
			.containsExactly(InventoryEvent.TOPIC, REPLAY_TOPIC);
		String sku = "refused-" + UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		refused.add(sku);
		send(CloudEventRecords.of(eventId, product(sku), "/test"));

		DeadLetter deadLetter = awaitDeadLetter(sku);
		assertThat(deadLetter.originalTopic()).isEqualTo(InventoryEvent.TOPIC);
		assertThat(deadLetter.consumerGroup()).isEqualTo(GROUP);
		assertThat(deadLetter.eventId()).isEqualTo(eventId.toString());
		assertThat(deadLetter.eventType()).isEqualTo("inventory.product-added.v1");
		assertThat(deadLetter.reason()).isEqualTo("refused-by-handler");
		assertThat(deadLetter.exception()).isEqualTo(NonRetryableEventException.class.getName());
		assertThat(deadLetter.exceptionMessage()).isEqualTo("Product " + sku + " is refused");
		assertThat(deadLetter.id()).startsWith(DEAD_LETTER_TOPIC + "-");
		assertThat(this.mvc.get().uri("/api/admin/dead-letters?size=100")).hasStatusOk()
			.bodyText()
			.contains("\"id\":\"" + deadLetter.id() + "\"", "\"key\":\"" + sku + "\"",
					"\"eventType\":\"inventory.product-added.v1\"", "\"topic\":\"inventory.events\"");

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.health.healthForPath("deadLetters").getStatus()).isEqualTo(HealthStatus.DEGRADED);
			assertThat(
					this.meters.get("dead.letters").tags("topic", InventoryEvent.TOPIC, "group", GROUP).gauge().value())
				.isGreaterThanOrEqualTo(1);
		});
		// Dead letters call for a person, not for taking the service out of rotation.
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

		refused.remove(sku);
		assertThat(this.mvc.post().uri("/api/admin/dead-letters/{id}/replay", deadLetter.id())).hasStatusOk()
			.bodyText()
			.contains("\"id\":\"" + deadLetter.id() + "\"", "\"topic\":\"" + REPLAY_TOPIC + "\"");
		await().atMost(Duration.ofSeconds(30)).until(() -> applications(eventId) == 1);
		// Through the group's own replay topic, not inventory.events, which on a broker
		// with ACLs only the inventory service may write.
		ConsumerRecord<String, byte[]> copy = replayed(sku);
		assertThat(text(copy, CloudEventHeaders.ID)).isEqualTo(eventId.toString());
		assertThat(text(copy, CloudEventHeaders.TYPE)).isEqualTo("inventory.product-added.v1");
		assertThat(text(copy, DeadLetters.REPLAYED_FROM_HEADER)).isEqualTo(deadLetter.id());
		assertThat(copy.headers()).noneMatch(
				(header) -> header.key().startsWith("kafka_dlt-") || header.key().equals(DeadLetterReason.HEADER));
		assertThat(copy.value()).isEqualTo(deadLetter.record().value());

		assertThat(this.mvc.post().uri("/api/admin/dead-letters/{id}/replay", deadLetter.id())).hasStatus(409);
		assertThat(this.mvc.get().uri("/api/admin/dead-letters?size=100")).hasStatusOk()
			.bodyText()
			.doesNotContain(deadLetter.id());
		// Even if it came back once more (a replay repeated after a crash), it is
		// applied once: the marker behind it on the same key is applied after it.
		send(CloudEventRecords.of(eventId, product(sku), "/test"));
		UUID marker = UUID.randomUUID();
		send(CloudEventRecords.of(marker, product(sku), "/test"));
		await().atMost(Duration.ofSeconds(30)).until(() -> applications(marker) == 1);
		assertThat(applications(eventId)).isEqualTo(1);
	}

	@Test
	@Order(2)
	void returnsAReplayedRecordThatFailsAgainToTheDeadLetterTopic() {
		String sku = "still-refused-" + UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		refused.add(sku);
		send(CloudEventRecords.of(eventId, product(sku), "/test"));
		DeadLetter first = awaitDeadLetter(sku);

		assertThat(this.deadLetters.replay(first)).isPresent();

		DeadLetter second = await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLetters(sku), (found) -> found.size() == 1 && !found.get(0).id().equals(first.id()))
			.get(0);
		// Back in the dead-letter topic of inventory.events, not in one of the replay
		// topic's own, which nobody lists or replays.
		assertThat(second.id()).startsWith(DEAD_LETTER_TOPIC + "-");
		assertThat(second.eventId()).isEqualTo(eventId.toString());
		assertThat(second.text(DeadLetters.REPLAYED_FROM_HEADER)).isEqualTo(first.id());
		assertThat(second.reason()).isEqualTo("refused-by-handler");
		assertThat(second.exception()).isEqualTo(NonRetryableEventException.class.getName());
		assertThat(second.exceptionMessage()).isEqualTo("Product " + sku + " is refused");
		assertThat(second.originalTopic()).isEqualTo(REPLAY_TOPIC);
		assertThat(second.consumerGroup()).isEqualTo(GROUP);
		assertThat(this.deadLetters.find(first.id()))
			.hasValueSatisfying((found) -> assertThat(found.replayed()).isTrue());
		assertThat(this.mvc.get().uri("/api/admin/dead-letters?size=100")).hasStatusOk()
			.bodyText()
			.contains("\"replayedFrom\":\"" + first.id() + "\"", "\"topic\":\"" + REPLAY_TOPIC + "\"");
		assertThat(applications(eventId)).isZero();

		// Once the cause is fixed, the second dead letter replays like any other.
		refused.remove(sku);
		assertThat(this.mvc.post().uri("/api/admin/dead-letters/{id}/replay", second.id())).hasStatusOk();
		await().atMost(Duration.ofSeconds(30)).until(() -> applications(eventId) == 1);
		assertThat(deadLetters(sku)).isEmpty();
	}

	@Test
	@Order(3)
	void replaysEveryPendingDeadLetterAndAppliesEachOnce() {
		List<String> skus = List.of("all-" + UUID.randomUUID(), "all-" + UUID.randomUUID(), "all-" + UUID.randomUUID());
		List<UUID> eventIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		refused.addAll(skus);
		for (int i = 0; i < skus.size(); i++) {
			send(CloudEventRecords.of(eventIds.get(i), product(skus.get(i)), "/test"));
		}
		skus.forEach(this::awaitDeadLetter);

		refused.removeAll(skus);
		assertThat(this.mvc.post().uri("/api/admin/dead-letters/replay")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.replayed")
			.asNumber()
			.satisfies((replayed) -> assertThat(replayed.intValue()).isGreaterThanOrEqualTo(skus.size()));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(eventIds).allSatisfy((id) -> assertThat(applications(id)).isOne()));
		assertThat(skus).allSatisfy((sku) -> assertThat(deadLetters(sku)).isEmpty());
		assertThat(this.deadLetters.pending()).isEmpty();
		assertThat(this.mvc.post().uri("/api/admin/dead-letters/replay")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.replayed")
			.asNumber()
			.isEqualTo(0);
	}

	@Test
	@Order(4)
	void namesTheRealCauseOfEachUnreadableRecord() {
		String product = "product-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> badJson = raw(product, "inventory.product-added.v1", UUID.randomUUID(),
				"{\"sku\": ".getBytes(StandardCharsets.UTF_8));
		String unknownKey = "unknown-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> unknownType = raw(unknownKey, "inventory.product-vanished.v1", UUID.randomUUID(),
				EventJson.write(product(unknownKey)));
		String noTypeKey = "no-type-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> noType = raw(noTypeKey, null, UUID.randomUUID(),
				EventJson.write(product(noTypeKey)));
		String noIdKey = "no-id-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> noId = raw(noIdKey, "inventory.product-added.v1", null,
				EventJson.write(product(noIdKey)));
		String badIdKey = "bad-id-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> badId = raw(badIdKey, "inventory.product-added.v1", null,
				EventJson.write(product(badIdKey)));
		badId.headers().add(CloudEventHeaders.ID, "42".getBytes(StandardCharsets.UTF_8));
		String wrongTopicKey = "wrong-topic-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> wrongTopic = raw(wrongTopicKey, "customer.registered.v1", UUID.randomUUID(),
				EventJson.write(new CustomerRegistered(UUID.randomUUID(), "Grace Hopper", "grace@example.com",
						new BigDecimal("50.00"))));
		// Only this service writes its replay topic; still, it holds inventory events.
		String wrongReplayKey = "wrong-replay-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> wrongReplay = new ProducerRecord<>(REPLAY_TOPIC, wrongReplayKey,
				wrongTopic.value());
		wrongTopic.headers().forEach(wrongReplay.headers()::add);
		List.of(badJson, unknownType, noType, noId, badId, wrongTopic, wrongReplay).forEach(this::send);

		assertThat(awaitDeadLetter(product)).satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo("unreadable-payload");
			assertThat(letter.exception()).isEqualTo("dev.olf.events.MalformedEventException");
			assertThat(letter.exceptionMessage()).startsWith("Not a valid ProductAdded");
		});
		assertThat(awaitDeadLetter(unknownKey)).satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo("unknown-type");
			assertThat(letter.exception()).isEqualTo("dev.olf.events.UnknownEventTypeException");
			assertThat(letter.exceptionMessage()).contains("'inventory.product-vanished.v1'");
		});
		assertThat(awaitDeadLetter(noTypeKey)).satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo("missing-header");
			assertThat(letter.exception()).isEqualTo(MissingCloudEventHeaderException.class.getName());
			assertThat(letter.exceptionMessage()).contains("has no ce_type header");
		});
		assertThat(awaitDeadLetter(noIdKey)).satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo("missing-header");
			assertThat(letter.exception()).isEqualTo(MissingCloudEventHeaderException.class.getName());
			assertThat(letter.exceptionMessage()).contains("has no ce_id header");
		});
		assertThat(awaitDeadLetter(badIdKey)).satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo("missing-header");
			assertThat(letter.exceptionMessage()).contains("has a ce_id that is not a UUID: '42'");
		});
		assertThat(awaitDeadLetter(wrongTopicKey)).satisfies((letter) -> {
			assertThat(letter.reason()).isEqualTo("wrong-topic");
			assertThat(letter.exception()).isEqualTo(EventTypeNotForTopicException.class.getName());
			assertThat(letter.exceptionMessage())
				.isEqualTo("Event type 'customer.registered.v1' belongs on customer.events, not on inventory.events");
		});
		assertThat(awaitDeadLetter(wrongReplayKey)).satisfies((letter) -> {
			assertThat(letter.id()).startsWith(DEAD_LETTER_TOPIC + "-");
			assertThat(letter.reason()).isEqualTo("wrong-topic");
			assertThat(letter.exceptionMessage())
				.isEqualTo("Event type 'customer.registered.v1' belongs on customer.events, not on " + REPLAY_TOPIC);
		});
	}

	@Test
	@Order(5)
	void doesNotDeadLetterAgainWhatARebuildReadsOnceMore() throws Exception {
		String sku = "poison-" + UUID.randomUUID();
		send(raw(sku, "inventory.product-added.v1", UUID.randomUUID(), "not json".getBytes(StandardCharsets.UTF_8)));
		awaitDeadLetter(sku);

		// What a projection rebuild does: stop, forget the inbox and the group's offsets,
		// and read every topic again from the beginning.
		MessageListenerContainer container = this.listeners.getListenerContainer(LISTENER);
		container.stop();
		await().atMost(Duration.ofSeconds(60)).until(() -> !container.isRunning());
		this.jdbc.sql("delete from inbox where consumer = :group").param("group", GROUP).update();
		this.jdbc.sql("delete from dead_letter_test_applied").update();
		forgetOffsets();
		container.start();

		// Same key, so the same partition: once it is applied, the poison record was read
		// again before it.
		UUID marker = UUID.randomUUID();
		send(CloudEventRecords.of(marker, product(sku), "/test"));
		await().atMost(Duration.ofSeconds(60)).until(() -> applications(marker) == 1);
		assertThat(deadLetters(sku)).hasSize(1);
	}

	private void forgetOffsets() throws Exception {
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
				try {
					admin.deleteConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS);
				}
				catch (java.util.concurrent.ExecutionException ex) {
					if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
						throw ex;
					}
				}
				return true;
			});
		}
	}

	private static ConsumerRecord<String, byte[]> replayed(String key) {
		try (TopicReader reader = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), REPLAY_TOPIC)) {
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> reader.poll().stream().filter((record) -> key.equals(record.key())).toList(),
						(found) -> !found.isEmpty())
				.get(0);
		}
	}

	private static String text(ConsumerRecord<?, ?> record, String header) {
		return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
	}

	private DeadLetter awaitDeadLetter(String key) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(key), (found) -> !found.isEmpty()).get(0);
	}

	private List<DeadLetter> deadLetters(String key) {
		return this.deadLetters.pending().stream().filter((letter) -> key.equals(letter.key())).toList();
	}

	private long applications(UUID eventId) {
		return this.jdbc.sql("select count(*) from dead_letter_test_applied where event_id = :id")
			.param("id", eventId)
			.query(Long.class)
			.single();
	}

	private void send(ProducerRecord<String, byte[]> record) {
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			kafka.send(record);
			kafka.flush();
		}
	}

	private static ProducerRecord<String, byte[]> raw(String key, String type, UUID id, byte[] payload) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(InventoryEvent.TOPIC, key, payload);
		if (id != null) {
			record.headers()
				.add(new RecordHeader(CloudEventHeaders.ID, id.toString().getBytes(StandardCharsets.UTF_8)));
		}
		if (type != null) {
			record.headers().add(new RecordHeader(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8)));
		}
		return record;
	}

	private static ProductAdded product(String sku) {
		return new ProductAdded(sku, "Widget", new BigDecimal("9.99"), 5);
	}

	/**
	 * A consumer as a service writes one, with a handler that refuses some products the
	 * way a bug would.
	 */
	@TestConfiguration
	static class InventoryEventsListener {

		private final Inbox inbox;

		private final JdbcClient jdbc;

		InventoryEventsListener(Inbox inbox, JdbcClient jdbc) {
			this.inbox = inbox;
			this.jdbc = jdbc;
			jdbc.sql("create table if not exists dead_letter_test_applied (event_id uuid not null, sku text not null)")
				.update();
		}

		@KafkaListener(id = LISTENER, groupId = GROUP, topics = InventoryEvent.TOPIC)
		void on(ConsumerRecord<String, InventoryEvent> record) {
			String eventId = new String(record.headers().lastHeader(CloudEventHeaders.ID).value(),
					StandardCharsets.UTF_8);
			this.inbox.receive(record, (event) -> {
				if (event instanceof ProductAdded added) {
					if (refused.contains(added.sku())) {
						throw new NonRetryableEventException("Product " + added.sku() + " is refused");
					}
					this.jdbc.sql("insert into dead_letter_test_applied (event_id, sku) values (:id, :sku)")
						.param("id", UUID.fromString(eventId))
						.param("sku", added.sku())
						.update();
				}
			});
		}

	}

}
