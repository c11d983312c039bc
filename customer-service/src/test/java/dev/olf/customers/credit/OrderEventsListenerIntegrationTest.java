package dev.olf.customers.credit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.olf.customers.customer.Customer;
import dev.olf.customers.customer.CustomerMother;
import dev.olf.customers.customer.Customers;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderEvent;
import dev.olf.events.order.OrderLine;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.CloudEventRecords;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivers order events through a real broker, as the order service's relay would, and
 * checks what the saga participant did to the database and the outbox.
 */
// The same configuration as CustomerControllerIntegrationTest, so both share one context
// and one consumer of the "customer-service" group; the relay is off, so the events the
// listener writes stay in the outbox to be checked.
@SpringBootTest(properties = "olf.messaging.outbox.relay-enabled=false")
@AutoConfigureMockMvc
@WithInfrastructure(database = "customers")
class OrderEventsListenerIntegrationTest {

	private static final String RESERVED = "customer.credit-reserved.v1";

	private static final String FAILED = "customer.credit-reservation-failed.v1";

	private static final String COMMITTED = "customer.credit-committed.v1";

	private static final String RELEASED = "customer.credit-released.v1";

	private static KafkaProducer<String, byte[]> kafka;

	@Autowired
	Customers customers;

	@Autowired
	JdbcClient jdbc;

	private final UUID orderId = UUID.randomUUID();

	@BeforeAll
	static void connect() {
		kafka = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void disconnect() {
		kafka.close();
	}

	@Test
	void reservesCreditForAPlacedOrder() {
		Customer customer = customerWithCredit("100.00");

		awaitApplied(deliver(placed(customer.id(), "30.00")));

		assertThat(reservation()).contains("RESERVED");
		assertThat(credit(customer)).isEqualTo(new Credit("70.00", "30.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00");
	}

	@Test
	void refusesAnOrderBeyondTheAvailableCredit() {
		Customer customer = customerWithCredit("100.00");

		awaitApplied(deliver(placed(customer.id(), "100.01")));

		assertThat(reservation()).contains("FAILED INSUFFICIENT_CREDIT");
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(FAILED + " 100.01 INSUFFICIENT_CREDIT");
	}

	@Test
	void refusesAnOrderOfAnUnknownCustomer() {
		awaitApplied(deliver(placed(UUID.randomUUID(), "10.00")));

		assertThat(reservation()).contains("FAILED UNKNOWN_CUSTOMER");
		assertThat(outbox()).containsExactly(FAILED + " 10.00 UNKNOWN_CUSTOMER");
	}

	@Test
	void confirmingAnOrderUsesItsReservedCredit() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		awaitApplied(deliver(confirmed(customer.id(), "30.00")));

		assertThat(reservation()).contains("COMMITTED");
		assertThat(credit(customer)).isEqualTo(new Credit("70.00", "0.00", "30.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", COMMITTED + " 30.00");
	}

	@Test
	void rejectingAnOrderReleasesItsReservedCredit() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		awaitApplied(deliver(rejected(customer.id())));

		assertThat(reservation()).contains("RELEASED");
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", RELEASED + " 30.00");
	}

	@Test
	void cancellingAConfirmedOrderReturnsItsUsedCredit() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		deliver(confirmed(customer.id(), "30.00"));
		awaitApplied(deliver(cancelled(customer.id(), "30.00", true)));

		assertThat(reservation()).contains("RETURNED");
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", COMMITTED + " 30.00", RELEASED + " 30.00");
	}

	@Test
	void cancellingAReservedOrderReleasesItsReservedCredit() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		awaitApplied(deliver(cancelled(customer.id(), "30.00", false)));

		assertThat(reservation()).contains("RELEASED");
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", RELEASED + " 30.00");
	}

	@Test
	void ignoresTheOutcomeOfAnOrderWhoseReservationFailed() {
		Customer customer = customerWithCredit("10.00");

		deliver(placed(customer.id(), "30.00"));
		deliver(confirmed(customer.id(), "30.00"));
		deliver(rejected(customer.id()));
		awaitApplied(deliver(cancelled(customer.id(), "30.00", true)));

		assertThat(reservation()).contains("FAILED INSUFFICIENT_CREDIT");
		assertThat(credit(customer)).isEqualTo(new Credit("10.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(FAILED + " 30.00 INSUFFICIENT_CREDIT");
	}

	@Test
	void ignoresTheOutcomeOfAnOrderItNeverSaw() {
		Customer customer = customerWithCredit("100.00");

		deliver(confirmed(customer.id(), "30.00"));
		deliver(rejected(customer.id()));
		awaitApplied(deliver(cancelled(customer.id(), "30.00", true)));

		assertThat(reservation()).isEmpty();
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).isEmpty();
	}

	@Test
	void keepsTheFirstReservationWhenAnOrderIsPlacedAgainUnderAnotherEventId() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		awaitApplied(deliver(placed(customer.id(), "30.00")));

		assertThat(reservation()).contains("RESERVED");
		assertThat(credit(customer)).isEqualTo(new Credit("70.00", "30.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00");
	}

	@Test
	void appliesARedeliveredOrderPlacedOnce() {
		Customer customer = customerWithCredit("100.00");

		deliverTwice(placed(customer.id(), "30.00"));
		awaitApplied(deliver(confirmed(customer.id(), "30.00")));

		assertThat(credit(customer)).isEqualTo(new Credit("70.00", "0.00", "30.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", COMMITTED + " 30.00");
	}

	@Test
	void appliesARedeliveredOrderConfirmedOnce() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		deliverTwice(confirmed(customer.id(), "30.00"));
		awaitApplied(deliver(rejected(customer.id())));

		assertThat(reservation()).contains("COMMITTED");
		assertThat(credit(customer)).isEqualTo(new Credit("70.00", "0.00", "30.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", COMMITTED + " 30.00");
	}

	@Test
	void appliesARedeliveredOrderRejectedOnce() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		deliverTwice(rejected(customer.id()));
		awaitApplied(deliver(cancelled(customer.id(), "30.00", false)));

		assertThat(reservation()).contains("RELEASED");
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", RELEASED + " 30.00");
	}

	@Test
	void appliesARedeliveredOrderCancelledOnce() {
		Customer customer = customerWithCredit("100.00");

		deliver(placed(customer.id(), "30.00"));
		deliver(confirmed(customer.id(), "30.00"));
		deliverTwice(cancelled(customer.id(), "30.00", true));
		awaitApplied(deliver(rejected(customer.id())));

		assertThat(reservation()).contains("RETURNED");
		assertThat(credit(customer)).isEqualTo(new Credit("100.00", "0.00", "0.00"));
		assertThat(outbox()).containsExactly(RESERVED + " 30.00", COMMITTED + " 30.00", RELEASED + " 30.00");
	}

	private Customer customerWithCredit(String creditLimit) {
		return this.customers.save(CustomerMother.withCredit(creditLimit));
	}

	private OrderPlaced placed(UUID customerId, String total) {
		return new OrderPlaced(this.orderId, customerId, List.of(new OrderLine("SKU-1", 1, new BigDecimal(total))),
				new BigDecimal(total));
	}

	private OrderConfirmed confirmed(UUID customerId, String total) {
		return new OrderConfirmed(this.orderId, customerId, new BigDecimal(total));
	}

	private OrderRejected rejected(UUID customerId) {
		return new OrderRejected(this.orderId, customerId, List.of(RejectionReason.OUT_OF_STOCK));
	}

	private OrderCancelled cancelled(UUID customerId, String total, boolean wasConfirmed) {
		return new OrderCancelled(this.orderId, customerId, new BigDecimal(total), wasConfirmed);
	}

	/**
	 * Sends an event under a new event id. Events of one order share its key and so its
	 * partition: the listener sees them in the order they were sent.
	 * @param event the event
	 * @return its event id
	 */
	private UUID deliver(OrderEvent event) {
		UUID eventId = UUID.randomUUID();
		send(eventId, event);
		return eventId;
	}

	/**
	 * Sends an event twice under one event id, as Kafka redelivers a record whose offset
	 * was not committed.
	 * @param event the event
	 */
	private void deliverTwice(OrderEvent event) {
		UUID eventId = UUID.randomUUID();
		send(eventId, event);
		send(eventId, event);
	}

	private void send(UUID eventId, OrderEvent event) {
		try {
			kafka.send(CloudEventRecords.of(eventId, event, "/order-service")).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Waits until the listener applied an event; because the inbox row commits with the
	 * changes, the event's effects (and those of every earlier event of the order) are
	 * then visible.
	 * @param eventId the event id
	 */
	private void awaitApplied(UUID eventId) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc
				.sql("select count(*) from inbox where consumer = 'customer-service' and event_id = :id")
				.param("id", eventId)
				.query(Long.class)
				.single(), (count) -> count == 1);
	}

	private Optional<String> reservation() {
		return this.jdbc.sql("select status, failure_reason from credit_reservation where order_id = :orderId")
			.param("orderId", this.orderId)
			.query((rs, row) -> (rs.getString("failure_reason") != null)
					? rs.getString("status") + " " + rs.getString("failure_reason") : rs.getString("status"))
			.optional();
	}

	private Credit credit(Customer customer) {
		return this.jdbc.sql("""
				select credit_limit - reserved_credit - used_credit as available, reserved_credit, used_credit
				from customer where id = :id
				""")
			.param("id", customer.id())
			.query((rs, row) -> new Credit(rs.getBigDecimal("available").toPlainString(),
					rs.getBigDecimal("reserved_credit").toPlainString(),
					rs.getBigDecimal("used_credit").toPlainString()))
			.single();
	}

	private List<String> outbox() {
		return this.jdbc.sql("""
				select type, payload ->> 'amount' as amount, payload ->> 'reason' as reason
				from outbox where aggregateid = :orderId order by position
				""")
			.param("orderId", this.orderId.toString())
			.query((rs, row) -> rs.getString("type") + " " + rs.getString("amount")
					+ ((rs.getString("reason") != null) ? " " + rs.getString("reason") : ""))
			.list();
	}

	record Credit(String available, String reserved, String used) {
	}

}
