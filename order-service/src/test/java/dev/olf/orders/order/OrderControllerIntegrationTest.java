package dev.olf.orders.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.olf.events.inventory.ProductAdded;
import dev.olf.localstack.test.EveryScope;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.orders.catalogue.Catalogue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// Without the relay, the outbox keeps what a request wrote, for the assertions.
@SpringBootTest(properties = "olf.messaging.outbox.relay-enabled=false")
@AutoConfigureMockMvc
@Import(EveryScope.class)
@WithInfrastructure(database = "orders_api")
class OrderControllerIntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Catalogue catalogue;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Orders orders;

	@Autowired
	MeterRegistry meters;

	String mug;

	String tea;

	@BeforeEach
	void catalogueKnowsTwoProducts() {
		this.mug = "MUG-" + UUID.randomUUID();
		this.tea = "TEA-" + UUID.randomUUID();
		this.transaction.executeWithoutResult((status) -> {
			this.catalogue.on(new ProductAdded(this.mug, "Mug", new BigDecimal("12.50"), 10));
			this.catalogue.on(new ProductAdded(this.tea, "Tea", new BigDecimal("3.99"), 10));
		});
	}

	@Test
	void acceptsAnOrderPricedFromTheCatalogueAndWritesOrderPlaced() throws Exception {
		UUID customer = UUID.randomUUID();
		MvcTestResult result = place(null, customer, this.mug, 2, this.tea, 1);

		assertThat(result).hasStatus(202);
		String id = id(result);
		assertThat(result).headers().hasValue("Location", "/api/orders/" + id);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("PENDING");
		assertThat(result).bodyJson().extractingPath("$.total").isEqualTo(28.99);
		assertThat(result).bodyJson().extractingPath("$.lines[0].unitPrice").isEqualTo(12.50);
		assertThat(result).bodyJson().extractingPath("$.history[0].status").isEqualTo("PENDING");
		assertThat(outboxTypes(id)).containsExactly("order.placed.v1");
		assertThat(this.mvc.get().uri("/api/orders/{id}", id)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.customerId")
			.isEqualTo(customer.toString());
	}

	@Test
	void refusesAnIdempotencyKeyWithControlCharacters() {
		assertThat(place("key\twith-a-tab", UUID.randomUUID(), this.mug, 1, this.tea, 1)).hasStatus(422)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("no control characters");
	}

	@Test
	void locationNeverNamesTheHostTheClientClaims() throws Exception {
		MvcTestResult result = this.mvc.post()
			.uri("/api/orders")
			.header("Host", "evil.example")
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Proto", "https")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"customerId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}
					""".formatted(UUID.randomUUID(), this.mug))
			.exchange();

		assertThat(result).hasStatus(202);
		assertThat(result.getResponse().getHeader("Location")).isEqualTo("/api/orders/" + id(result));
	}

	@Test
	void sameIdempotencyKeyAndRequestReturnsTheSameOrderAndCreatesNothing() throws Exception {
		UUID customer = UUID.randomUUID();
		String key = UUID.randomUUID().toString();

		String first = id(place(key, customer, this.mug, 1, this.tea, 3));
		MvcTestResult again = place(key, customer, this.mug, 1, this.tea, 3);

		assertThat(again).hasStatus(202);
		assertThat(id(again)).isEqualTo(first);
		assertThat(this.jdbc.sql("select count(*) from orders where customer_id = :customer")
			.param("customer", customer)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(outboxTypes(first)).containsExactly("order.placed.v1");
	}

	@Test
	void requestsRacingWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
		int clients = 8;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			for (int round = 0; round < 10; round++) {
				UUID customer = UUID.randomUUID();
				String key = UUID.randomUUID().toString();
				CyclicBarrier start = new CyclicBarrier(clients);
				List<Future<MvcTestResult>> answers = new ArrayList<>();
				for (int client = 0; client < clients; client++) {
					answers.add(pool.submit(() -> {
						start.await();
						return place(key, customer, this.mug, 1, this.tea, 1);
					}));
				}
				Set<String> ids = new HashSet<>();
				for (Future<MvcTestResult> answer : answers) {
					MvcTestResult result = answer.get(30, TimeUnit.SECONDS);
					assertThat(result).as("round %d", round).hasStatus(202);
					ids.add(id(result));
				}

				assertThat(ids).as("round %d", round).hasSize(1);
				assertThat(this.jdbc.sql("select count(*) from orders where customer_id = :customer")
					.param("customer", customer)
					.query(Long.class)
					.single()).as("round %d", round).isEqualTo(1);
				assertThat(outboxTypes(ids.iterator().next())).containsExactly("order.placed.v1");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void sameIdempotencyKeyWithADifferentRequestIsRefused() {
		UUID customer = UUID.randomUUID();
		String key = UUID.randomUUID().toString();
		place(key, customer, this.mug, 1, this.tea, 3);

		assertThat(place(key, customer, this.mug, 2, this.tea, 3)).hasStatus(422)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("Idempotency-Key " + key, "different request");
	}

	@Test
	void refusesAnUnknownSkuAtOnceAndOrdersNothing() {
		UUID customer = UUID.randomUUID();

		assertThat(place(null, customer, this.mug, 1, "NOPE-" + customer, 1)).hasStatus(422)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("NOPE-" + customer);
		assertThat(this.jdbc.sql("select count(*) from orders where customer_id = :customer")
			.param("customer", customer)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void refusesAnOrderWithoutLinesOrWithAQuantityBelowOne() {
		assertThat(post("""
				{"customerId": "%s", "lines": []}""".formatted(UUID.randomUUID()))).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("lines");
		assertThat(post("""
				{"customerId": "%s", "lines": [{"sku": "%s", "quantity": 0}]}""".formatted(UUID.randomUUID(),
				this.mug)))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("lines[0].quantity");
	}

	@Test
	void refusesACustomerIdThatIsNotAUuidWithAProblemDetail() {
		assertThat(post("""
				{"customerId": "bob", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(this.mug))).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.isEqualTo("customerId must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, was 'bob'");
	}

	@Test
	void cancelsAPendingOrderOnceAndThenRefusesWith409() throws Exception {
		String id = id(place(null, UUID.randomUUID(), this.mug, 1, this.tea, 1));

		assertThat(this.mvc.post().uri("/api/orders/{id}/cancel", id)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("CANCELLED");
		assertThat(this.mvc.post().uri("/api/orders/{id}/cancel", id)).hasStatus(409)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("CANCELLED");
		assertThat(outboxTypes(id)).containsExactly("order.placed.v1", "order.cancelled.v1");
	}

	@Test
	void findsOrdersByCustomerAndStatus() throws Exception {
		UUID customer = UUID.randomUUID();
		String pending = id(place(null, customer, this.mug, 1, this.tea, 1));
		String cancelled = id(place(null, customer, this.mug, 2, this.tea, 1));
		this.mvc.post().uri("/api/orders/{id}/cancel", cancelled).exchange();

		assertThat(this.mvc.get().uri("/api/orders?customerId={customer}&status=PENDING", customer)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.content[*].id")
			.asArray()
			.containsExactly(pending);
		assertThat(this.mvc.get().uri("/api/orders?customerId={customer}", customer)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.page.totalElements")
			.isEqualTo(2);
	}

	@Test
	void refusesPagingItCannotServeWithAProblemDetail() {
		assertThat(this.mvc.get().uri("/api/orders?sort=abc")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("sort must be placedAt, was 'abc'");
		assertThat(this.mvc.get().uri("/api/orders?page=2147483647")).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/orders?size=101")).hasStatus(400);
	}

	@Test
	void aLongPollAnswersAsSoonAsTheOrderIsDecided() throws Exception {
		String id = id(place(null, UUID.randomUUID(), this.mug, 1, this.tea, 1));
		ExecutorService client = Executors.newSingleThreadExecutor();
		try {
			long began = System.nanoTime();
			Future<MvcTestResult> waiting = client
				.submit(() -> this.mvc.get().uri("/api/orders/{id}?waitFor=final&timeout=20s", id).exchange());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.meters.get("orders.outcome.waiting").gauge().value() >= 1);
			assertThat(waiting).isNotDone();

			this.transaction.executeWithoutResult((status) -> this.orders.change(UUID.fromString(id), (order) -> {
				order.stockReserved(Instant.now());
				order.creditReserved(Instant.now());
			}));

			MvcTestResult answer = waiting.get(10, TimeUnit.SECONDS);
			assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("CONFIRMED");
			assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(15));
		}
		finally {
			client.shutdownNow();
		}
	}

	@Test
	void aLongPollAnswersPendingWhenItsTimeIsUp() throws Exception {
		String id = id(place(null, UUID.randomUUID(), this.mug, 1, this.tea, 1));

		long began = System.nanoTime();
		MvcTestResult answer = this.mvc.get().uri("/api/orders/{id}?waitFor=final&timeout=300ms", id).exchange();

		assertThat(answer).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("PENDING");
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void refusesALongPollItCannotServe() {
		String id = UUID.randomUUID().toString();
		assertThat(this.mvc.get().uri("/api/orders/{id}?waitFor=soon", id)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("waitFor must be final, was 'soon'");
		assertThat(this.mvc.get().uri("/api/orders/{id}?waitFor=final&timeout=31s", id)).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/orders/{id}?waitFor=final&timeout=soon", id)).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/orders/{id}?timeout=5s", id)).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/orders/{id}?waitFor=final&timeout=1s", id)).hasStatus(404);
	}

	@Test
	void answersAnUnknownOrderWith404() {
		assertThat(this.mvc.get().uri("/api/orders/{id}", UUID.randomUUID())).hasStatus(404);
		assertThat(this.mvc.post().uri("/api/orders/{id}/cancel", UUID.randomUUID())).hasStatus(404);
	}

	private MvcTestResult place(String key, UUID customer, String sku1, int quantity1, String sku2, int quantity2) {
		var request = this.mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
				{"customerId": "%s", "lines": [{"sku": "%s", "quantity": %d}, {"sku": "%s", "quantity": %d}]}
				""".formatted(customer, sku1, quantity1, sku2, quantity2));
		if (key != null) {
			request = request.header("Idempotency-Key", key);
		}
		return request.exchange();
	}

	private MvcTestResult post(String json) {
		return this.mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private static String id(MvcTestResult result) throws Exception {
		return result.getResponse().getContentAsString().replaceAll(".*?\"id\":\"([^\"]+)\".*", "$1");
	}

	private List<String> outboxTypes(String orderId) {
		return this.jdbc.sql("select type from outbox where aggregateid = :id order by position")
			.param("id", orderId)
			.query(String.class)
			.list();
	}

}
