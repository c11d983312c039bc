package dev.olf.messaging.outbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.EventJson;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.MessagingTestApplication;
import dev.olf.messaging.MessagingProperties;
import dev.olf.messaging.TopicReader;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MessagingTestApplication.class)
@WithInfrastructure(database = "messaging_outbox")
class OutboxIntegrationTest {

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	OutboxMonitor monitor;

	@Autowired
	CircuitBreaker outboxCircuitBreaker;

	@Autowired
	KafkaProperties kafkaProperties;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void neverPublishesAnEventWhoseTransactionRolledBack() {
		UUID rolledBack = UUID.randomUUID();
		UUID committed = UUID.randomUUID();
		assertThatIllegalStateException().isThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
			this.outbox.publish(registered(rolledBack));
			throw new IllegalStateException("the state change failed");
		}));
		this.transaction.executeWithoutResult((status) -> this.outbox.publish(registered(committed)));

		try (TopicReader reader = reader()) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> keys(reader.poll()).contains(committed.toString()) && backlogOf(committed) == 0);
			assertThat(keys(reader.poll())).doesNotContain(rolledBack.toString());
		}
		assertThat(backlogOf(rolledBack)).isZero();
	}

	@Test
	void publishesWithCloudEventsHeaders() {
		UUID customer = UUID.randomUUID();
		UUID id = this.transaction.execute((status) -> this.outbox.publish(registered(customer)));

		try (TopicReader reader = reader()) {
			ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> find(reader.poll(), customer), (found) -> found != null);
			assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(String.valueOf(id));
			assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("customer.registered.v1");
			assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/messaging-test");
			assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(customer.toString());
			assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
			assertThat(header(record, CloudEventHeaders.TIME)).isNotBlank();
			assertThat(EventJson.read(record.value(), "customer.registered.v1")).isEqualTo(registered(customer));
		}
	}

	@Test
	void publishesAfterKafkaComesBackWhatWasCommittedWhileItWasDown() {
		UUID customer = UUID.randomUUID();
		TestInfrastructure.shared().stopKafka();
		try {
			this.transaction.executeWithoutResult((status) -> this.outbox.publish(registered(customer)));
			// The relay keeps failing and opens its circuit; the event waits in the
			// outbox.
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.outboxCircuitBreaker.getState() == CircuitBreaker.State.OPEN);
			assertThat(backlogOf(customer)).isEqualTo(1);
		}
		finally {
			TestInfrastructure.shared().startKafka();
		}
		try (TopicReader reader = reader()) {
			await().atMost(Duration.ofSeconds(60)).until(() -> find(reader.poll(), customer) != null);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> backlogOf(customer) == 0);
	}

	@Test
	void publishesAfterRestartWhatWasCommittedWhileTheRelayWasDown() {
		UUID customer = UUID.randomUUID();
		this.relay.stop();
		try {
			this.transaction.executeWithoutResult((status) -> this.outbox.publish(registered(customer)));
			assertThat(backlogOf(customer)).isEqualTo(1);
		}
		finally {
			this.relay.start();
		}
		try (TopicReader reader = reader()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> find(reader.poll(), customer) != null);
		}
	}

	@Test
	void twoRelaysKeepEveryAggregateInOrderAndLoseNothing() {
		int aggregates = 100;
		int eventsPerAggregate = 100;
		List<UUID> customers = IntStream.range(0, aggregates).mapToObj((i) -> UUID.randomUUID()).toList();
		SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
		KafkaOutboxPublisher secondPublisher = new KafkaOutboxPublisher(OutboxRelayConfiguration.producerFactory(
				OutboxRelayConfiguration.producerConfigs(this.kafkaProperties, this.kafkaConnection),
				"second-relay-" + UUID.randomUUID() + "-"));
		OutboxRelay second = new OutboxRelay(this.dataSource, this.transaction, secondPublisher,
				CircuitBreaker.ofDefaults("second-relay"),
				new OutboxMonitor(this.jdbc, Clock.systemUTC(), secondMeters),
				new MessagingProperties.Outbox(true, 8, 500, Duration.ofMillis(200), Duration.ofSeconds(5)));
		second.start();
		ExecutorService writerThreads = Executors.newFixedThreadPool(2);
		// The first relay stops and starts again every 250 ms while the writers run, so
		// the
		// shards change hands between the relays many times (on a quiet machine the first
		// would otherwise take every shard every time, and the second relay publish
		// nothing).
		ScheduledExecutorService handOver = Executors.newSingleThreadScheduledExecutor();
		AtomicBoolean firstRuns = new AtomicBoolean(true);
		handOver.scheduleWithFixedDelay(() -> {
			if (firstRuns.get()) {
				this.relay.stop();
			}
			else {
				this.relay.start();
			}
			firstRuns.set(!firstRuns.get());
		}, 250, 250, TimeUnit.MILLISECONDS);
		try (TopicReader reader = reader()) {
			// Two writers commit interleaved transactions on the same aggregates while
			// both relays run. Each transaction also logs its events under the
			// aggregates' write locks, which gives the commit order per aggregate.
			this.jdbc.sql("create table if not exists commit_log (seq bigserial, aggregate uuid, value int)").update();
			List<CompletableFuture<Void>> writers = IntStream.range(0, 2)
				.mapToObj((writer) -> CompletableFuture.runAsync(() -> {
					for (int sequence = writer; sequence < eventsPerAggregate; sequence += 2) {
						int value = sequence;
						this.transaction.executeWithoutResult((status) -> customers.forEach((customer) -> {
							this.outbox.publish(limitChanged(customer, value));
							this.jdbc.sql("insert into commit_log (aggregate, value) values (:aggregate, :value)")
								.param("aggregate", customer)
								.param("value", value)
								.update();
						}));
					}
				}, writerThreads))
				.toList();
			writers.forEach(CompletableFuture::join);
			stopHandingOver(handOver);

			Set<String> keys = Set.copyOf(customers.stream().map(UUID::toString).toList());
			Map<String, List<Integer>> received = new HashMap<>();
			await().atMost(Duration.ofMinutes(3)).until(() -> {
				received.clear();
				Set<String> seen = new HashSet<>();
				for (ConsumerRecord<String, byte[]> record : reader.poll()) {
					if (keys.contains(record.key()) && seen.add(header(record, CloudEventHeaders.ID))) {
						CreditLimitChanged event = (CreditLimitChanged) EventJson.read(record.value(),
								header(record, CloudEventHeaders.TYPE));
						received.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
							.add(event.creditLimit().intValue());
					}
				}
				return received.values().stream().mapToInt(List::size).sum() == aggregates * eventsPerAggregate;
			});
			customers.forEach((customer) -> assertThat(received.get(customer.toString()))
				.as("events of %s in commit order", customer)
				.isEqualTo(this.jdbc.sql("select value from commit_log where aggregate = :aggregate order by seq")
					.param("aggregate", customer)
					.query(Integer.class)
					.list()));
		}
		finally {
			stopHandingOver(handOver);
			writerThreads.shutdownNow();
			second.stop();
			secondPublisher.destroy();
		}
		assertThat(publishedBy(secondMeters)).as("events the second relay published").isPositive();
	}

	private void stopHandingOver(ScheduledExecutorService handOver) {
		handOver.shutdownNow();
		try {
			handOver.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.relay.isRunning()) {
			this.relay.start();
		}
	}

	private static double publishedBy(SimpleMeterRegistry meters) {
		return meters.find("outbox.published").counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private long backlogOf(UUID aggregate) {
		return this.jdbc.sql("select count(*) from outbox where aggregateid = :id")
			.param("id", aggregate.toString())
			.query(Long.class)
			.single();
	}

	private static TopicReader reader() {
		return new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers(), CustomerEvent.TOPIC);
	}

	private static CustomerRegistered registered(UUID customer) {
		return new CustomerRegistered(customer, "Ada Lovelace", "ada@example.com", new BigDecimal("100.00"));
	}

	private static CreditLimitChanged limitChanged(UUID customer, int limit) {
		return new CreditLimitChanged(customer, new BigDecimal(limit).setScale(2));
	}

	private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
		return Set.copyOf(records.stream().map(ConsumerRecord::key).toList());
	}

	private static ConsumerRecord<String, byte[]> find(List<ConsumerRecord<String, byte[]>> records, UUID key) {
		return records.stream().filter((record) -> key.toString().equals(record.key())).findFirst().orElse(null);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
