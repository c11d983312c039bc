package dev.olf.localstack.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.olf.localstack.KafkaBroker;
import dev.olf.localstack.PortCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * What {@link KafkaAccess} grants, on a secured broker of its own and without the
 * services: each principal can do what its service does (the outbox relay's transactions,
 * its dead letters, its consumer groups) and no more.
 */
class KafkaAccessIntegrationTest {

	@TempDir
	static Path data;

	private static KafkaBroker broker;

	private static KafkaCredentials credentials;

	@BeforeAll
	static void grant() throws Exception {
		credentials = KafkaCredentials.of(data);
		broker = KafkaBroker.secured(PortCheck.freePort(), data.resolve("kafka"), null, credentials.admin());
		broker.start();
		try (Admin admin = Admin.create(broker.adminProperties())) {
			KafkaAccess.grant(admin, credentials.services());
			// A second start grants again without complaint.
			KafkaAccess.grant(admin, credentials.services());
		}
	}

	@AfterAll
	static void stop() {
		broker.stop();
	}

	@Test
	void keepsThePasswordsOfADataDirectoryAndShowsThemAndTheBrokersConfigurationToItsOwnerOnly() throws Exception {
		assertThat(KafkaCredentials.of(data).of(Service.ORDER)).isEqualTo(credentials.of(Service.ORDER))
			.isNotEqualTo(credentials.of(Service.INVENTORY))
			.hasSizeGreaterThanOrEqualTo(32);
		for (Path secret : List.of(data.resolve(KafkaCredentials.FILE_NAME), data.resolve("kafka.properties"))) {
			assertThat(Files.getPosixFilePermissions(secret)).as(secret.toString())
				.extracting(Object::toString)
				.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
		}
	}

	@Test
	void theOutboxRelayPublishesInATransactionOnItsOwnTopic() {
		Map<String, Object> config = properties(Service.INVENTORY);
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outbox-inventory-service-" + UUID.randomUUID() + "-0");
		try (KafkaProducer<String, String> producer = producer(config)) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>("inventory.events", "sku", "{}"));
			assertThatNoException().isThrownBy(producer::commitTransaction);
		}
	}

	@Test
	void aTransactionUnderAnotherServicesIdIsRefused() {
		Map<String, Object> config = properties(Service.ORDER);
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outbox-inventory-service-" + UUID.randomUUID() + "-0");
		try (KafkaProducer<String, String> producer = producer(config)) {
			assertThatExceptionOfType(TransactionalIdAuthorizationException.class)
				.isThrownBy(producer::initTransactions);
		}
	}

	@Test
	void aServiceWritesItsDeadLettersButNoOtherServicesDeadLetters() throws Exception {
		try (KafkaProducer<String, String> producer = producer(properties(Service.ORDER))) {
			producer.send(new ProducerRecord<>("inventory.events.order-service.catalogue.dlt", "sku", "{}"))
				.get(30, TimeUnit.SECONDS);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer.send(new ProducerRecord<>("order.events.inventory-service.dlt", "id", "{}"))
					.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void aServiceReplaysThroughItsOwnReplayTopicsButWritesNoOtherServicesTopic() throws Exception {
		String replayTopic = "inventory.events.order-service.catalogue.replay";
		String key = "replayed-" + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer(properties(Service.ORDER))) {
			producer.send(new ProducerRecord<>(replayTopic, key, "{}")).get(30, TimeUnit.SECONDS);
			for (String other : List.of("inventory.events", "order.events.inventory-service.replay")) {
				assertThatExceptionOfType(ExecutionException.class).as(other)
					.isThrownBy(() -> producer.send(new ProducerRecord<>(other, key, "{}")).get(30, TimeUnit.SECONDS))
					.withCauseInstanceOf(TopicAuthorizationException.class);
			}
		}
		// The listener's consumer: the topic and its replay topic, in the listener's
		// group.
		Map<String, Object> config = properties(Service.ORDER);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "order-service.catalogue");
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, String> listener = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			listener.subscribe(List.of("inventory.events", replayTopic));
			List<String> keys = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				listener.poll(Duration.ofMillis(500)).forEach((record) -> keys.add(record.key()));
				return keys;
			}, (read) -> read.contains(key));
		}
	}

	@Test
	void aServiceConsumesInItsOwnGroupsOnly() {
		try (KafkaConsumer<String, String> own = consumer(Service.STATS, "olf-stats")) {
			own.subscribe(List.of("order.events"));
			assertThatNoException().isThrownBy(() -> own.poll(Duration.ofSeconds(5)));
		}
		try (KafkaConsumer<String, String> other = consumer(Service.STATS, "order-service")) {
			other.subscribe(List.of("order.events"));
			assertThatExceptionOfType(GroupAuthorizationException.class)
				.isThrownBy(() -> other.poll(Duration.ofSeconds(10)));
		}
	}

	@Test
	void theStatisticsMayDeleteTheirGroupToRebuild() throws Exception {
		try (Admin admin = Admin.create(properties(Service.STATS))) {
			assertThatNoException().isThrownBy(() -> {
				try {
					admin.deleteConsumerGroups(List.of("olf-stats")).all().get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					// Never joined here: not found is as good as deleted, unauthorized is
					// not.
					if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
						throw ex;
					}
				}
			});
		}
	}

	@Test
	void securesADataDirectoryOfAnOpenBrokerFromBefore(@TempDir Path before) throws Exception {
		KafkaBroker open = new KafkaBroker(PortCheck.freePort(), before.resolve("kafka"));
		open.start();
		try (KafkaProducer<String, String> producer = producer(open.adminProperties())) {
			// As ./run-local did before: the topic appears on first write.
			producer.send(new ProducerRecord<>("order.events", "order", "{}")).get(60, TimeUnit.SECONDS);
		}
		open.stop();

		KafkaCredentials passwords = KafkaCredentials.of(before);
		KafkaBroker secured = KafkaBroker.secured(open.port(), before.resolve("kafka"), null, passwords.admin());
		secured.start();
		try (Admin admin = Admin.create(secured.adminProperties())) {
			KafkaAccess.grant(admin, passwords.services());
			assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(KafkaAccess.topics());
			assertThat(admin
				.listOffsets(Map.of(new TopicPartition("order.events", 0), OffsetSpec.latest(),
						new TopicPartition("order.events", 1), OffsetSpec.latest(),
						new TopicPartition("order.events", 2), OffsetSpec.latest()))
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
				.sum()).as("the record written before").isEqualTo(1);
		}
		finally {
			secured.stop();
		}
	}

	private static Map<String, Object> properties(Service service) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		properties.put("security.protocol", "SASL_PLAINTEXT");
		properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
		properties.put(SaslConfigs.SASL_JAAS_CONFIG,
				KafkaBroker.jaas("org.apache.kafka.common.security.scram.ScramLoginModule", service.module(),
						credentials.of(service), ""));
		return properties;
	}

	private static KafkaProducer<String, String> producer(Map<String, Object> properties) {
		Map<String, Object> config = new HashMap<>(properties);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
	}

	private static KafkaConsumer<String, String> consumer(Service service, String group) {
		Map<String, Object> config = properties(service);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
	}

}
