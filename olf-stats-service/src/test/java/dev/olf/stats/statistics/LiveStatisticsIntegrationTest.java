package dev.olf.stats.statistics;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.AuthServer;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.CloudEventRecords;
import dev.olf.stats.projection.ProjectionInput;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The statistics as they run: events from Kafka through the listeners, the stream, and a
 * rebuild that replays every topic and ends with the same figures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithInfrastructure(database = "olf_live", authServer = true)
class LiveStatisticsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Where the statistics' dead letters of customer.events are replayed. */
	private static final String CUSTOMER_REPLAYS = CustomerEvent.TOPIC + "." + ProjectionInput.GROUP + ".replay";

	@LocalServerPort
	int port;

	@Autowired
	Statistics statistics;

	final HttpClient http = HttpClient.newHttpClient();

	final Admin kafka = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()));

	@AfterEach
	void closeAdmin() {
		this.kafka.close();
	}

	@Test
	void rebuildingReplaysEveryTopicAndEndsWithTheSameFigures() throws Exception {
		SagaEvents day = new SagaEvents().customer(UUID.randomUUID())
			.product("MUG-" + UUID.randomUUID(), "2.00", 3)
			.confirmed(UUID.randomUUID(), UUID.randomUUID(), "PEN", 1, "1.50")
			.rejected(UUID.randomUUID(), UUID.randomUUID(), "PEN", 9, "1.50");
		send(day.events());
		// As a dead-letter replay writes it; the rebuild must read it again, or the
		// figures would lose the customer.
		sendReplayed(
				new CustomerRegistered(UUID.randomUUID(), "Replayed", "replayed@example.com", new BigDecimal("10.00")));
		String poison = "poison-" + UUID.randomUUID();
		sendUnreadable(poison);
		await().atMost(WAIT).until(() -> caughtUp() && this.statistics.summary().orders().placed() >= 2);
		await().atMost(WAIT).until(() -> deadLettersKeyed(poison) == 1);
		Summary before = this.statistics.summary().projected();
		List<Statistics.ProductFigures> stockBefore = this.statistics.stock();

		HttpResponse<String> rebuild = this.http.send(
				authorized(uri("/api/admin/projections/rebuild")).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(rebuild.statusCode()).isEqualTo(202);
		await().atMost(WAIT).until(() -> caughtUp() && this.statistics.summary().projected().equals(before));
		assertThat(this.statistics.stock()).containsExactlyInAnyOrderElementsOf(stockBefore);
		// The replay read the unreadable record again; it was dead-lettered before, so
		// not a second time.
		assertThat(deadLettersKeyed(poison)).isEqualTo(1);
	}

	private long deadLettersKeyed(String key) throws Exception {
		String page = this.http
			.send(authorized(uri("/api/admin/dead-letters?size=100")).GET().build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		return JSON.readTree(page)
			.get("content")
			.valueStream()
			.filter((deadLetter) -> key.equals(deadLetter.get("key").asString()))
			.count();
	}

	private static void sendReplayed(CustomerRegistered event) {
		ProducerRecord<String, byte[]> record = CloudEventRecords.of(UUID.randomUUID(), event, "/test");
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			kafka.send(new ProducerRecord<>(CUSTOMER_REPLAYS, null, record.key(), record.value(), record.headers()));
		}
	}

	private static void sendUnreadable(String key) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(OrderEvent.TOPIC, key,
				"not json".getBytes(StandardCharsets.UTF_8));
		record.headers().add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		record.headers().add(CloudEventHeaders.TYPE, "order.placed.v1".getBytes(StandardCharsets.UTF_8));
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			kafka.send(record);
		}
	}

	@Test
	void streamsTheSummaryWhenItChanges() throws Exception {
		BlockingQueue<JsonNode> summaries = new LinkedBlockingQueue<>();
		HttpResponse<Stream<String>> stream = this.http.send(authorized(uri("/api/stats/stream")).build(),
				HttpResponse.BodyHandlers.ofLines());
		assertThat(stream.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		Thread.ofVirtual()
			.start(() -> stream.body()
				.filter((line) -> line.startsWith("data:"))
				.forEach((line) -> summaries.add(JSON.readTree(line.substring(5)))));
		long registered = await().atMost(WAIT)
			.until(summaries::poll, (summary) -> summary != null)
			.path("customersRegistered")
			.asLong();

		send(new SagaEvents().customer(UUID.randomUUID()).events());

		await().atMost(WAIT)
			.until(summaries::poll,
					(summary) -> summary != null && summary.path("customersRegistered").asLong() == registered + 1);
		stream.body().close();
	}

	/**
	 * Whether the statistics committed every record on their topics and the replay topic
	 * of customer events, asked of Kafka now: the service's own lag reading may be a
	 * second old, from before the last events arrived, and say so too early.
	 */
	private boolean caughtUp() throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = this.kafka.listConsumerGroupOffsets(ProjectionInput.GROUP)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, OffsetSpec> latest = this.kafka
			.describeTopics(Set.of(CustomerEvent.TOPIC, OrderEvent.TOPIC, InventoryEvent.TOPIC, CUSTOMER_REPLAYS))
			.allTopicNames()
			.get()
			.values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((partition) -> new TopicPartition(topic.name(), partition.partition())))
			.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest()));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.kafka.listOffsets(latest).all().get();
		return ends.entrySet().stream().allMatch((end) -> {
			OffsetAndMetadata position = committed.get(end.getKey());
			return end.getValue().offset() == 0 || (position != null && position.offset() >= end.getValue().offset());
		});
	}

	private static HttpRequest.Builder authorized(URI uri) {
		return HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + AuthServer.shared().token("stats:read", "admin"));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static void send(List<SagaEvents.Published> events) {
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			events.forEach((published) -> kafka.send(CloudEventRecords.of(published.id(), published.event(), "/test")));
		}
	}

}
