package dev.olf.localstack.launcher;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The broker of the local stack lets each service's principal do what it must and nothing
 * else: issue 12 found that any process on the port could write any topic, and a forged
 * {@code inventory.price-changed.v1} repriced a product in the order service's catalogue
 * to 0.01 within 3 s.
 */
class KafkaAccessSystemTest {

	private static final Set<String> EVENT_TOPICS = Set.of(CustomerEvent.TOPIC, OrderEvent.TOPIC, InventoryEvent.TOPIC);

	private static final String DEAD_LETTER_TOPIC = CustomerEvent.TOPIC + ".order-service.dlt";

	private static final String REPLAY_TOPIC = CustomerEvent.TOPIC + ".order-service.replay";

	private static final String CATALOGUE_DEAD_LETTER_TOPIC = InventoryEvent.TOPIC + ".order-service.catalogue.dlt";

	/**
	 * Long enough for the catalogue to apply an event that got through (3 s in the
	 * issue).
	 */
	private static final Duration UNCHANGED_FOR = Duration.ofSeconds(5);

	@ParameterizedTest
	// The authorization server is no Kafka client.
	@EnumSource(value = Service.class, names = "AUTH", mode = EnumSource.Mode.EXCLUDE)
	void aServiceCannotWriteAnotherServicesTopic(Service service) {
		List<String> others = new ArrayList<>(EVENT_TOPICS.stream()
			.filter((topic) -> !KafkaAccess.of(service).writes().contains(topic))
			.sorted()
			.toList());
		// Nor another service's replay topics, through which its listeners take records.
		Service.apis()
			.stream()
			.filter((other) -> other != service)
			.forEach((other) -> KafkaAccess.of(other)
				.consumes()
				.forEach((consumed) -> others.add(consumed.replayTopic())));
		assertThat(others).isNotEmpty();
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaProperties(service))) {
			for (String topic : others) {
				assertThatExceptionOfType(ExecutionException.class).as("%s writing %s", service.module(), topic)
					.isThrownBy(
							() -> producer.send(new ProducerRecord<>(topic, "forged", "{}")).get(30, TimeUnit.SECONDS))
					.withCauseInstanceOf(TopicAuthorizationException.class);
			}
		}
	}

	@ParameterizedTest
	// The authorization server is no Kafka client.
	@EnumSource(value = Service.class, names = "AUTH", mode = EnumSource.Mode.EXCLUDE)
	void aServiceCannotCreateATopicByWritingToIt(Service service) throws Exception {
		String topic = "unknown." + service.shortName() + "." + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaProperties(service))) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer.send(new ProducerRecord<>(topic, "key", "{}")).get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
		assertThat(topics()).doesNotContain(topic);
	}

	@Test
	void noTopicIsCreatedOnFirstWriteEvenByTheAdministrator() throws Exception {
		String topic = "unknown.admin." + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaAdminProperties())) {
			// Waits for the topic's metadata, which never comes:
			// auto.create.topics.enable=false.
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer.send(new ProducerRecord<>(topic, "key", "{}")).get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TimeoutException.class);
		}
		assertThat(topics()).doesNotContain(topic).containsAll(KafkaAccess.topics());
	}

	@Test
	void refusesTheForgedPriceChangeOfTheIssue() throws Exception {
		String sku = Shop.product("100.00", 10);
		ProducerRecord<String, String> forged = priceChanged(sku, "0.01");

		Map<String, Object> anonymous = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SystemStack.shared().kafkaBootstrapServers());
		try (KafkaProducer<String, String> producer = producer(anonymous)) {
			// A client without SASL is disconnected before it learns anything: it never
			// gets the topic's metadata.
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer.send(forged).get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TimeoutException.class);
		}
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaProperties(Service.ORDER))) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer.send(forged).get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
		await().during(UNCHANGED_FOR)
			.atMost(UNCHANGED_FOR.plusSeconds(30))
			.untilAsserted(() -> assertThat(cataloguePrice(sku)).isEqualByComparingTo("100.00"));

		// The same record from a principal that may write the topic is applied, so the
		// refusals above are what kept the price.
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaAdminProperties())) {
			producer.send(forged).get(30, TimeUnit.SECONDS);
		}
		await().atMost(Shop.WAIT).untilAsserted(() -> assertThat(cataloguePrice(sku)).isEqualByComparingTo("0.01"));
	}

	/**
	 * A replay goes through the group's own replay topic, so the broker lets the service
	 * write it; the record here is unreadable for good, so the listener that reads the
	 * replay topic sends it back to the same dead-letter topic.
	 */
	@Test
	void aServiceReplaysItsDeadLetterThroughItsOwnReplayTopic() throws Exception {
		String key = "acl-replay-" + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaAdminProperties())) {
			producer.send(new ProducerRecord<>(CustomerEvent.TOPIC, key, "not an event")).get(30, TimeUnit.SECONDS);
		}
		JsonNode first = await().atMost(Shop.WAIT).until(() -> deadLetters(key), (found) -> found.size() == 1).get(0);
		String id = first.get("id").asString();
		assertThat(id).startsWith(DEAD_LETTER_TOPIC + "-");

		SystemStack.Response replay = SystemStack.post(Service.ORDER, "/api/admin/dead-letters/" + id + "/replay", "");

		assertThat(replay.status()).as(replay.text()).isEqualTo(200);
		assertThat(replay.body().get("topic").asString()).isEqualTo(REPLAY_TOPIC);
		JsonNode again = await().atMost(Shop.WAIT)
			.until(() -> deadLetters(key),
					(found) -> found.size() == 1 && !found.get(0).get("id").asString().equals(id))
			.get(0);
		assertThat(again.get("id").asString()).startsWith(DEAD_LETTER_TOPIC + "-");
		assertThat(again.get("replayedFrom").asString()).isEqualTo(id);
		assertThat(again.get("topic").asString()).isEqualTo(REPLAY_TOPIC);
		assertThat(again.get("reason").asString()).isEqualTo(first.get("reason").asString());
		assertThat(again.get("exception").asString()).isEqualTo(first.get("exception").asString());
		assertThat(again.get("message").asString())
			.isEqualTo(first.get("message").asString().replace(CustomerEvent.TOPIC, REPLAY_TOPIC));
		assertThat(SystemStack.post(Service.ORDER, "/api/admin/dead-letters/" + id + "/replay", "").status())
			.isEqualTo(409);
	}

	/**
	 * Without its Write ACL on the replay topic (a broker set up by hand, say), the
	 * service's replay is refused: a 409 that names the topic, and the dead letter stays
	 * pending and replays once the ACL is back.
	 */
	@Test
	void aReplayTheBrokerRefusesIsAConflictAndStaysPending() throws Exception {
		String key = "refused-replay-" + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaAdminProperties())) {
			producer.send(new ProducerRecord<>(CustomerEvent.TOPIC, key, "not an event")).get(30, TimeUnit.SECONDS);
		}
		String id = await().atMost(Shop.WAIT)
			.until(() -> deadLetters(key), (found) -> found.size() == 1)
			.get(0)
			.get("id")
			.asString();
		AclBinding write = new AclBinding(new ResourcePattern(ResourceType.TOPIC, REPLAY_TOPIC, PatternType.LITERAL),
				new AccessControlEntry("User:" + Service.ORDER.module(), "*", AclOperation.WRITE,
						AclPermissionType.ALLOW));
		try (Admin admin = Admin.create(SystemStack.kafkaAdminProperties())) {
			admin.deleteAcls(List.of(write.toFilter())).all().get(30, TimeUnit.SECONDS);
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> granted(admin, write), (granted) -> !granted);

				SystemStack.Response replay = SystemStack.post(Service.ORDER,
						"/api/admin/dead-letters/" + id + "/replay", "");

				assertThat(replay.status()).as(replay.text()).isEqualTo(409);
				assertThat(replay.body().get("detail").asString()).contains("may not write " + REPLAY_TOPIC);
				assertThat(deadLetters(key)).singleElement()
					.satisfies((letter) -> assertThat(letter.get("id").asString()).isEqualTo(id));
			}
			finally {
				admin.createAcls(List.of(write)).all().get(30, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(30)).until(() -> granted(admin, write));
			}
		}
		SystemStack.Response replay = SystemStack.post(Service.ORDER, "/api/admin/dead-letters/" + id + "/replay", "");
		assertThat(replay.status()).as(replay.text()).isEqualTo(200);
	}

	/**
	 * A replay topic missing (a broker set up by hand, without the topics the stack
	 * creates) is a 409 that names it, at once rather than after the producer's minute of
	 * waiting for the topic, and the dead letter stays pending until the topic is back.
	 * Customer-service's replay topic for {@code order.events}, which no other test here
	 * replays through.
	 */
	@Test
	void aReplayWhoseReplayTopicIsMissingIsAConflictThatNamesIt() throws Exception {
		String replayTopic = OrderEvent.TOPIC + ".customer-service.replay";
		String key = "missing-replay-topic-" + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaAdminProperties())) {
			producer.send(new ProducerRecord<>(OrderEvent.TOPIC, key, "not an event")).get(30, TimeUnit.SECONDS);
		}
		String id = await().atMost(Shop.WAIT)
			.until(() -> deadLetters(Service.CUSTOMER, key), (found) -> found.size() == 1)
			.get(0)
			.get("id")
			.asString();
		try (Admin admin = Admin.create(SystemStack.kafkaAdminProperties())) {
			admin.deleteTopics(List.of(replayTopic)).all().get(30, TimeUnit.SECONDS);
			try {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(replayTopic),
							(listed) -> !listed);

				long start = System.nanoTime();
				SystemStack.Response replay = SystemStack.post(Service.CUSTOMER,
						"/api/admin/dead-letters/" + id + "/replay", "");

				assertThat(replay.status()).as(replay.text()).isEqualTo(409);
				assertThat(replay.body().get("detail").asString()).contains("no topic " + replayTopic);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
				assertThat(deadLetters(Service.CUSTOMER, key)).singleElement()
					.satisfies((letter) -> assertThat(letter.get("id").asString()).isEqualTo(id));
			}
			finally {
				admin.createTopics(List.of(new NewTopic(replayTopic, KafkaAccess.PARTITIONS, (short) 1)))
					.all()
					.get(30, TimeUnit.SECONDS);
			}
		}
		SystemStack.Response replay = SystemStack.post(Service.CUSTOMER, "/api/admin/dead-letters/" + id + "/replay",
				"");
		assertThat(replay.status()).as(replay.text()).isEqualTo(200);
		assertThat(replay.body().get("topic").asString()).isEqualTo(replayTopic);
	}

	private static boolean granted(Admin admin, AclBinding acl) throws Exception {
		return admin.describeAcls(acl.toFilter()).values().get(30, TimeUnit.SECONDS).contains(acl);
	}

	/**
	 * A price change the catalogue dead-lettered, written where the catalogue's
	 * dead-letter publisher would have put it (by a version that refused it, say), is
	 * replayed through the order service's endpoint and reprices the product: the
	 * catalogue's listener reads its replay topic, which only the order service may
	 * write.
	 */
	@Test
	void aReplayedDeadLetterIsAppliedByTheListenerThatFailedOnIt() throws Exception {
		String sku = Shop.product("100.00", 10);
		ProducerRecord<String, String> changed = priceChanged(sku, "42.00");
		ProducerRecord<String, String> deadLetter = new ProducerRecord<>(CATALOGUE_DEAD_LETTER_TOPIC, sku,
				changed.value());
		changed.headers().forEach(deadLetter.headers()::add);
		deadLetter.headers()
			.add(header("kafka_dlt-original-topic", InventoryEvent.TOPIC))
			.add(header("kafka_dlt-original-consumer-group", "order-service.catalogue"))
			.add(header("kafka_dlt-exception-fqcn", "dev.olf.messaging.NonRetryableEventException"))
			.add(header("olf_dlt_reason", "refused-by-handler"));
		try (KafkaProducer<String, String> producer = producer(SystemStack.kafkaAdminProperties())) {
			producer.send(deadLetter).get(30, TimeUnit.SECONDS);
		}
		String id = await().atMost(Shop.WAIT)
			.until(() -> deadLetters(sku), (found) -> found.size() == 1)
			.get(0)
			.get("id")
			.asString();
		assertThat(cataloguePrice(sku)).isEqualByComparingTo("100.00");

		SystemStack.Response replay = SystemStack.post(Service.ORDER, "/api/admin/dead-letters/" + id + "/replay", "");

		assertThat(replay.status()).as(replay.text()).isEqualTo(200);
		assertThat(replay.body().get("topic").asString())
			.isEqualTo(InventoryEvent.TOPIC + ".order-service.catalogue.replay");
		await().atMost(Shop.WAIT).untilAsserted(() -> assertThat(cataloguePrice(sku)).isEqualByComparingTo("42.00"));
		assertThat(deadLetters(sku)).isEmpty();
	}

	private static List<JsonNode> deadLetters(String key) {
		return deadLetters(Service.ORDER, key);
	}

	private static List<JsonNode> deadLetters(Service service, String key) {
		SystemStack.Response letters = SystemStack.get(service, "/api/admin/dead-letters?size=100");
		assertThat(letters.status()).as(letters.text()).isEqualTo(200);
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode letter : letters.body().get("content")) {
			if (key.equals(letter.path("key").stringValue(null))) {
				found.add(letter);
			}
		}
		return found;
	}

	private static ProducerRecord<String, String> priceChanged(String sku, String price) {
		ProducerRecord<String, String> record = new ProducerRecord<>(InventoryEvent.TOPIC, sku, """
				{"sku": "%s", "price": "%s"}""".formatted(sku, price));
		record.headers()
			.add(header(CloudEventHeaders.ID, UUID.randomUUID().toString()))
			.add(header(CloudEventHeaders.TYPE, "inventory.price-changed.v1"))
			.add(header(CloudEventHeaders.SOURCE, "/inventory-service"))
			.add(header(CloudEventHeaders.SUBJECT, sku))
			.add(header("content-type", "application/json"));
		return record;
	}

	private static RecordHeader header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static BigDecimal cataloguePrice(String sku) {
		SystemStack.Response product = SystemStack.get(Service.ORDER, "/api/catalogue/" + sku);
		assertThat(product.status()).as(product.text()).isEqualTo(200);
		return product.body().get("price").decimalValue();
	}

	private static KafkaProducer<String, String> producer(Map<String, Object> properties) {
		Map<String, Object> config = new HashMap<>(properties);
		// Short, so that a refusal by silence (no metadata) is not waited for a minute.
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
	}

	private static Set<String> topics() throws Exception {
		try (Admin admin = Admin.create(SystemStack.kafkaAdminProperties())) {
			return admin.listTopics().names().get(30, TimeUnit.SECONDS);
		}
	}

}
