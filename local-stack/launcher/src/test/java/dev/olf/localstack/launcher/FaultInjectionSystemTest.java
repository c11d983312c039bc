package dev.olf.localstack.launcher;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every fault the system is built to survive, one after another, while orders flow at a
 * steady rate (a mix that fails for credit and stock and is sometimes cancelled, sent by
 * clients that retry under the same {@code Idempotency-Key}): {@code kill -9} of one of
 * two order services and of the only customer, inventory and statistics service, of
 * PostgreSQL; Kafka stopped and started; the inventory service frozen past the saga's
 * deadline; unreadable records on every topic. Afterwards the quiet system is audited
 * exactly by {@link SystemAudit}. On a stack of its own, since the faults would disturb
 * the shared one; it runs last and stops the shared one first, so that one stack at a
 * time uses the machine's memory.
 * <p>
 * In every {@code ./mvnw verify}: about four and a half minutes on a quiet two-core
 * machine.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionSystemTest {

	/** Short, so that the frozen service is past it soon. */
	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final double ORDERS_PER_SECOND = 10;

	private static LocalStack stack;

	@BeforeAll
	static void startStackOfItsOwn() {
		SystemStack.closeShared();
		stack = FaultRun.startStack(DEADLINE, null);
	}

	@AfterAll
	static void stopStack() {
		if (stack != null) {
			stack.close();
			FaultRun.discardData(stack.options().dataDirectory());
		}
	}

	@Test
	@Order(1)
	void everyAcceptedOrderIsFinalAndNothingIsLostOrDoubledThroughEveryFault() {
		FaultRun.Result result = new FaultRun(stack, DEADLINE, ORDERS_PER_SECOND, System.out).run(0);
		String table = result.table();
		System.out.println(table);

		assertThat(result.findings().problems()).as(table).isEmpty();
		assertThat(result.rows()).as(table).hasSize(FaultInjector.Fault.values().length + 1).allSatisfy((row) -> {
			assertThat(row.accepted()).as("orders accepted during %s", row.fault()).isPositive();
			assertThat(row.finalOrders()).as("final orders of %s", row.fault()).isEqualTo(row.accepted());
			assertThat(row.lost()).isZero();
			assertThat(row.doubled()).isZero();
		});
		// The unreadable records went to dead-letter topics, and checked there.
		assertThat(result.unreadableRecords()).isEqualTo(6);
	}

	/**
	 * A client whose order was accepted just before the database crashed sends it again
	 * under the same key once the database is back: the order it gets is the one that
	 * survived the crash, and there is one.
	 */
	@Test
	@Order(2)
	void theSameIdempotencyKeyAfterADatabaseCrashGetsTheOneOrder() {
		StackHttp http = new StackHttp(stack);
		StackDatabase database = new StackDatabase(stack);
		OrderLedger ledger = new OrderLedger();
		OrderLoad shop = new OrderLoad(http, ledger, 1);
		shop.setUp();
		UUID customer = shop.creditLimits().keySet().iterator().next();
		String sku = shop.initialStock().keySet().iterator().next();
		String key = UUID.randomUUID().toString();
		String order = """
				{"customerId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(customer, sku);
		StackHttp.Response placed = http.post(Service.ORDER, "/api/orders", order, Map.of("Idempotency-Key", key));
		assertThat(placed.status()).as(placed.text()).isEqualTo(202);
		long postmaster = stack.postgresPid();

		ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();

		StackHttp.Response again = await().atMost(Duration.ofMinutes(3))
			.ignoreExceptions()
			.until(() -> http.post(Service.ORDER, "/api/orders", order, Map.of("Idempotency-Key", key)),
					(response) -> response.status() < 500);
		assertThat(stack.postgresPid()).isNotEqualTo(postmaster);
		assertThat(again.status()).as(again.text()).isEqualTo(202);
		assertThat(again.body().path("id").asString()).isEqualTo(placed.body().path("id").asString());
		assertThat(database.count(Service.ORDER, "select count(*) from orders where customer_id = ?", customer))
			.isOne();
		assertThat(database.count(Service.ORDER, "select count(*) from idempotency_key where key = ?", key)).isOne();
	}

}
