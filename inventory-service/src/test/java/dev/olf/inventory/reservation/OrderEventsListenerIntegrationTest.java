package dev.olf.inventory.reservation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.olf.events.DomainEvent;
import dev.olf.events.EventJson;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockLine;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReservationFailed.Reason;
import dev.olf.events.inventory.StockReserved;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderEvent;
import dev.olf.events.order.OrderLine;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;
import dev.olf.inventory.product.ProductMother;
import dev.olf.inventory.product.Products;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.CloudEventRecords;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// The relay is off, so what the saga publishes stays in the outbox for the assertions.
@SpringBootTest(properties = "olf.messaging.outbox.relay-enabled=false")
@WithInfrastructure(database = "inventory_saga")
class OrderEventsListenerIntegrationTest {

	static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	Products products;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	KafkaProducer<String, byte[]> kafka;

	final UUID customerId = UUID.randomUUID();

	@BeforeEach
	void connect() {
		this.kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterEach
	void disconnect() {
		this.kafka.close();
	}

	@Test
	void reservesEveryLineOfAPlacedOrderOnceWhenTheEventArrivesTwice() {
		String apples = product(10);
		String pears = product(5);
		UUID order = UUID.randomUUID();

		deliverTwice(placed(order, line(apples, 2), line(pears, 1), line(apples, 1)));

		assertThat(stock(apples)).isEqualTo(new Stock(10, 3, 0));
		assertThat(stock(pears)).isEqualTo(new Stock(5, 1, 0));
		assertThat(status(order)).contains("RESERVED");
		assertThat(outbox(order)).singleElement()
			.isInstanceOfSatisfying(StockReserved.class, (reserved) -> assertThat(reserved.lines())
				.containsExactlyInAnyOrder(new StockLine(apples, 3), new StockLine(pears, 1)));
	}

	@Test
	void reservesNothingWhenALineIsOutOfStock() {
		String apples = product(10);
		String pears = product(2);
		UUID order = UUID.randomUUID();

		deliver(placed(order, line(apples, 3), line(pears, 3)));

		assertThat(status(order)).contains("FAILED");
		assertThat(stock(apples)).isEqualTo(new Stock(10, 0, 0));
		assertThat(stock(pears)).isEqualTo(new Stock(2, 0, 0));
		assertThat(outbox(order))
			.containsExactly(new StockReservationFailed(order, Reason.OUT_OF_STOCK, List.of(pears)));
	}

	@Test
	void reservesNothingWhenAProductIsUnknown() {
		String apples = product(10);
		String plums = "unknown-" + UUID.randomUUID();
		UUID order = UUID.randomUUID();

		deliver(placed(order, line(apples, 3), line(plums, 1)));

		assertThat(status(order)).contains("FAILED");
		assertThat(stock(apples)).isEqualTo(new Stock(10, 0, 0));
		assertThat(outbox(order))
			.containsExactly(new StockReservationFailed(order, Reason.UNKNOWN_PRODUCT, List.of(plums)));
	}

	@Test
	void commitsTheStockOfAConfirmedOrderOnceWhenTheEventArrivesTwice() {
		String apples = product(10);
		UUID order = UUID.randomUUID();
		deliver(placed(order, line(apples, 4)));

		deliverTwice(new OrderConfirmed(order, this.customerId, new BigDecimal("4.00")));

		assertThat(status(order)).contains("COMMITTED");
		assertThat(stock(apples)).isEqualTo(new Stock(6, 0, 4));
		assertThat(outbox(order)).hasSize(2)
			.last()
			.isEqualTo(new StockCommitted(order, List.of(new StockLine(apples, 4))));
	}

	@Test
	void releasesTheStockOfARejectedOrderOnceWhenTheEventArrivesTwice() {
		String apples = product(10);
		UUID order = UUID.randomUUID();
		deliver(placed(order, line(apples, 4)));

		deliverTwice(new OrderRejected(order, this.customerId, List.of(RejectionReason.INSUFFICIENT_CREDIT)));

		assertThat(status(order)).contains("RELEASED");
		assertThat(stock(apples)).isEqualTo(new Stock(10, 0, 0));
		assertThat(outbox(order)).hasSize(2)
			.last()
			.isEqualTo(new StockReleased(order, List.of(new StockLine(apples, 4))));
	}

	@Test
	void releasesTheStockOfAnOrderCancelledWhilePendingOnceWhenTheEventArrivesTwice() {
		String apples = product(10);
		UUID order = UUID.randomUUID();
		deliver(placed(order, line(apples, 4)));

		deliverTwice(new OrderCancelled(order, this.customerId, new BigDecimal("4.00"), false));

		assertThat(status(order)).contains("RELEASED");
		assertThat(stock(apples)).isEqualTo(new Stock(10, 0, 0));
		assertThat(outbox(order)).hasSize(2)
			.last()
			.isEqualTo(new StockReleased(order, List.of(new StockLine(apples, 4))));
	}

	@Test
	void givesBackTheStockOfAConfirmedOrderThatIsCancelledOnceWhenTheEventArrivesTwice() {
		String apples = product(10);
		UUID order = UUID.randomUUID();
		deliver(placed(order, line(apples, 4)));
		deliver(new OrderConfirmed(order, this.customerId, new BigDecimal("4.00")));

		deliverTwice(new OrderCancelled(order, this.customerId, new BigDecimal("4.00"), true));

		assertThat(status(order)).contains("RETURNED");
		assertThat(stock(apples)).isEqualTo(new Stock(10, 0, 0));
		assertThat(outbox(order)).extracting(DomainEvent::getClass)
			.containsExactly(StockReserved.class, StockCommitted.class, StockReleased.class);
		assertThat(outbox(order)).last().isEqualTo(new StockReleased(order, List.of(new StockLine(apples, 4))));
	}

	@Test
	void releasesNothingForARejectedOrderWhoseReservationFailed() {
		String apples = product(1);
		UUID order = UUID.randomUUID();
		deliver(placed(order, line(apples, 2)));

		deliver(new OrderRejected(order, this.customerId, List.of(RejectionReason.OUT_OF_STOCK)));

		assertThat(status(order)).contains("FAILED");
		assertThat(stock(apples)).isEqualTo(new Stock(1, 0, 0));
		assertThat(outbox(order)).singleElement().isInstanceOf(StockReservationFailed.class);
	}

	@Test
	void ignoresTheOutcomeOfAnOrderItNeverSaw() {
		UUID order = UUID.randomUUID();

		deliver(new OrderConfirmed(order, this.customerId, new BigDecimal("4.00")));

		assertThat(status(order)).isEmpty();
		assertThat(outbox(order)).isEmpty();
	}

	/**
	 * Sends the event and waits until the listener has applied it.
	 */
	private void deliver(OrderEvent event) {
		UUID eventId = UUID.randomUUID();
		send(eventId, event);
		await().atMost(PATIENCE).until(() -> applied(eventId));
	}

	/**
	 * Sends the event twice under one id, as a redelivery would, and waits until the
	 * listener has seen both copies.
	 */
	private void deliverTwice(OrderEvent event) {
		UUID eventId = UUID.randomUUID();
		double duplicatesBefore = duplicates();
		send(eventId, event);
		send(eventId, event);
		// Both copies share a key and so a partition: the duplicate is seen after the
		// first
		// copy has been applied.
		await().atMost(PATIENCE).until(() -> applied(eventId) && duplicates() > duplicatesBefore);
	}

	private void send(UUID eventId, OrderEvent event) {
		try {
			this.kafka.send(CloudEventRecords.of(eventId, event, "/order-service")).get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException("Could not send " + event, ex);
		}
	}

	private boolean applied(UUID eventId) {
		return this.jdbc.sql("select count(*) from inbox where event_id = :id")
			.param("id", eventId)
			.query(Long.class)
			.single() > 0;
	}

	private double duplicates() {
		Counter counter = this.meters.find("inbox.events")
			.tag("consumer", "inventory-service")
			.tag("outcome", "duplicate")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String product(int onHand) {
		return this.products.save(ProductMother.withStock("P-" + UUID.randomUUID(), onHand)).sku();
	}

	private Stock stock(String sku) {
		return this.jdbc.sql("select on_hand, reserved, committed from product where sku = :sku")
			.param("sku", sku)
			.query(Stock.class)
			.single();
	}

	private Optional<String> status(UUID order) {
		return this.jdbc.sql("select status from reservation where order_id = :id")
			.param("id", order)
			.query(String.class)
			.optional();
	}

	private List<DomainEvent> outbox(UUID order) {
		return this.jdbc.sql("select type, payload from outbox where aggregateid = :id order by position")
			.param("id", order.toString())
			.query((rs, row) -> EventJson.read(rs.getString("payload").getBytes(StandardCharsets.UTF_8),
					rs.getString("type")))
			.list();
	}

	private OrderPlaced placed(UUID order, OrderLine... lines) {
		BigDecimal total = List.of(lines).stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new OrderPlaced(order, this.customerId, List.of(lines), total);
	}

	private static OrderLine line(String sku, int quantity) {
		return new OrderLine(sku, quantity, new BigDecimal("1.00"));
	}

	record Stock(int onHand, int reserved, int committed) {
	}

}
