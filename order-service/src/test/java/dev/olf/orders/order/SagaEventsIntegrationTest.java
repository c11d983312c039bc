package dev.olf.orders.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.olf.events.DomainEvent;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockLine;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReserved;
import dev.olf.events.order.RejectionReason;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.CloudEventRecords;
import dev.olf.orders.catalogue.Catalogue;
import dev.olf.orders.catalogue.CataloguedProduct;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order's side of the saga, driven by real events through Kafka: every handler, and a
 * duplicate of every consumed event applied once.
 */
@SpringBootTest(properties = { "olf.messaging.outbox.relay-enabled=false", "olf.orders.deadline=3s",
		"olf.orders.deadline-check-interval=200ms" })
@WithInfrastructure(database = "orders_saga")
class SagaEventsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	OrderPlacement placement;

	@Autowired
	Orders orders;

	@Autowired
	Catalogue catalogue;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Tracer tracer;

	final KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
			Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()), new StringSerializer(),
			new ByteArraySerializer());

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	KafkaAdmin kafkaAdmin;

	/**
	 * The first order's deadline is 3 s: its answers must not wait for the consumer group
	 * to form, which on a fresh broker creates the listeners' topics and replay topics
	 * and rebalances as they appear.
	 */
	@BeforeEach
	void awaitEveryPartitionAssigned() {
		for (MessageListenerContainer container : this.listeners.getAllListenerContainers()) {
			String[] topics = container.getContainerProperties().getTopics();
			await().atMost(WAIT).ignoreExceptions().until(() -> {
				int partitions = this.kafkaAdmin.describeTopics(topics)
					.values()
					.stream()
					.mapToInt((topic) -> topic.partitions().size())
					.sum();
				return container.getAssignedPartitions().size() == partitions;
			});
		}
	}

	@AfterEach
	void closeProducer() {
		this.kafka.close();
	}

	@Test
	void buildsTheCatalogueFromProductEventsAndIgnoresAReplayedOldPrice() {
		String sku = "MUG-" + UUID.randomUUID();
		UUID firstPrice = UUID.randomUUID();
		send(UUID.randomUUID(), new ProductAdded(sku, "Mug", new BigDecimal("10.00"), 5));
		send(firstPrice, new PriceChanged(sku, new BigDecimal("11.00")));
		send(UUID.randomUUID(), new PriceChanged(sku, new BigDecimal("12.00")));
		// A redelivery of the first change, after the second: must not roll the price
		// back.
		send(firstPrice, new PriceChanged(sku, new BigDecimal("11.00")));
		String marker = "MARK-" + UUID.randomUUID();
		send(UUID.randomUUID(), new ProductAdded(marker, "Marker", BigDecimal.ONE, 1));

		await().atMost(WAIT).until(() -> this.catalogue.find(marker).isPresent());
		assertThat(this.catalogue.find(sku)).map(CataloguedProduct::price).contains(new BigDecimal("12.00"));
	}

	@Test
	void confirmsWhenBothReservationsArriveAndConfirmsOnceDespiteDuplicates() {
		Order order = placeOrder();
		double duplicatesBefore = duplicatesSkipped();
		UUID stock = UUID.randomUUID();
		UUID credit = UUID.randomUUID();
		send(stock, new StockReserved(order.id(), List.of(new StockLine("MUG-1", 1))));
		send(stock, new StockReserved(order.id(), List.of(new StockLine("MUG-1", 1))));
		send(credit, new CreditReserved(order.id(), order.customerId(), order.total()));
		send(credit, new CreditReserved(order.id(), order.customerId(), order.total()));

		await().atMost(WAIT).until(() -> status(order) == Order.Status.CONFIRMED);
		await().atMost(WAIT).until(() -> duplicatesSkipped() - duplicatesBefore == 2);
		assertThat(outboxTypes(order)).containsExactly("order.placed.v1", "order.confirmed.v1");
	}

	@Test
	void rejectsWithEveryReasonOnceDespiteDuplicates() {
		Order order = placeOrder();
		double duplicatesBefore = duplicatesSkipped();
		UUID stock = UUID.randomUUID();
		UUID credit = UUID.randomUUID();
		send(stock,
				new StockReservationFailed(order.id(), StockReservationFailed.Reason.OUT_OF_STOCK, List.of("MUG-1")));
		send(credit, new CreditReservationFailed(order.id(), order.customerId(), order.total(),
				CreditReservationFailed.Reason.UNKNOWN_CUSTOMER));
		send(stock,
				new StockReservationFailed(order.id(), StockReservationFailed.Reason.OUT_OF_STOCK, List.of("MUG-1")));
		send(credit, new CreditReservationFailed(order.id(), order.customerId(), order.total(),
				CreditReservationFailed.Reason.UNKNOWN_CUSTOMER));

		await().atMost(WAIT).until(() -> status(order) == Order.Status.REJECTED);
		await().atMost(WAIT).until(() -> duplicatesSkipped() - duplicatesBefore == 2);
		assertThat(reasons(order)).containsExactlyInAnyOrder(RejectionReason.OUT_OF_STOCK,
				RejectionReason.UNKNOWN_CUSTOMER);
		assertThat(outboxTypes(order)).containsExactly("order.placed.v1", "order.rejected.v1");
	}

	@Test
	void rejectsWithTimeoutWhenAParticipantDoesNotAnswerByTheDeadline() {
		Order order = placeOrder();
		send(UUID.randomUUID(), new StockReserved(order.id(), List.of(new StockLine("MUG-1", 1))));

		await().atMost(WAIT).until(() -> status(order) == Order.Status.REJECTED);
		assertThat(reasons(order)).containsExactly(RejectionReason.TIMEOUT);

		// The late answer changes nothing.
		UUID late = UUID.randomUUID();
		send(late, new CreditReserved(order.id(), order.customerId(), order.total()));
		await().atMost(WAIT).until(() -> inboxRows(late) == 1);
		assertThat(status(order)).isEqualTo(Order.Status.REJECTED);
		assertThat(outboxTypes(order)).containsExactly("order.placed.v1", "order.rejected.v1");
	}

	@Test
	void aTimeoutRejectionContinuesTheTraceOfTheRequestThatPlacedTheOrder() {
		Span request = this.tracer.nextSpan().name("POST /api/orders").start();
		Order order;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			order = placeOrder();
		}
		finally {
			request.end();
		}

		await().atMost(WAIT).until(() -> status(order) == Order.Status.REJECTED);

		assertThat(reasons(order)).containsExactly(RejectionReason.TIMEOUT);
		String placed = outboxTraceparent(order, "order.placed.v1");
		String rejected = outboxTraceparent(order, "order.rejected.v1");
		assertThat(placed).startsWith("00-" + request.context().traceId() + "-" + request.context().spanId() + "-");
		// The deadline's own span, a child in the same trace.
		assertThat(rejected).startsWith("00-" + request.context().traceId() + "-")
			.doesNotContain(request.context().spanId());
	}

	private Order placeOrder() {
		String sku = "MUG-" + UUID.randomUUID();
		this.transaction.executeWithoutResult(
				(status) -> this.catalogue.on(new ProductAdded(sku, "Mug", new BigDecimal("4.00"), 9)));
		return this.placement.place(new OrderRequest(UUID.randomUUID(), List.of(new OrderRequest.Line(sku, 2))), null);
	}

	private void send(UUID eventId, DomainEvent event) {
		this.kafka.send(CloudEventRecords.of(eventId, event, "/test"));
		this.kafka.flush();
	}

	private Order.Status status(Order order) {
		return this.orders.findById(order.id()).orElseThrow().status();
	}

	private Set<RejectionReason> reasons(Order order) {
		return this.orders.findById(order.id()).orElseThrow().rejectionReasons();
	}

	private long inboxRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from inbox where event_id = :id")
			.param("id", eventId)
			.query(Long.class)
			.single();
	}

	/**
	 * Redeliveries the inbox recognised and skipped, from its metric.
	 */
	private double duplicatesSkipped() {
		return this.meters.find("inbox.events")
			.tag("consumer", "order-service")
			.tag("outcome", "duplicate")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private String outboxTraceparent(Order order, String type) {
		return this.jdbc.sql(
				"select coalesce(headers ->> 'traceparent', 'none') from outbox where aggregateid = :id and type = :type")
			.param("id", order.id().toString())
			.param("type", type)
			.query(String.class)
			.single();
	}

	private List<String> outboxTypes(Order order) {
		return this.jdbc.sql("select type from outbox where aggregateid = :id order by position")
			.param("id", order.id().toString())
			.query(String.class)
			.list();
	}

}
