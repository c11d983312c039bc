package dev.olf.orders.order;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order details against real HTTP servers standing in for the customer and inventory
 * services, which this test can make answer, refuse or fail.
 */
@SpringBootTest(properties = { "olf.messaging.outbox.relay-enabled=false",
		"resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1s" })
@AutoConfigureMockMvc
@Import(EveryScope.class)
@WithInfrastructure(database = "orders_details", authServer = true)
class OrderDetailsIntegrationTest {

	private static final StandIn customerService = StandIn.start();

	private static final StandIn inventoryService = StandIn.start();

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Catalogue catalogue;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	CircuitBreakerRegistry breakers;

	String sku;

	UUID customer;

	String orderId;

	@DynamicPropertySource
	static void otherServices(DynamicPropertyRegistry properties) {
		properties.add("spring.http.serviceclient.customer-service.base-url", customerService::url);
		properties.add("spring.http.serviceclient.inventory-service.base-url", inventoryService::url);
	}

	@AfterAll
	static void stopStandIns() {
		customerService.server.stop(0);
		inventoryService.server.stop(0);
	}

	@BeforeEach
	void anOrder() throws Exception {
		this.sku = "MUG-" + UUID.randomUUID();
		this.customer = UUID.randomUUID();
		this.transaction.executeWithoutResult(
				(status) -> this.catalogue.on(new ProductAdded(this.sku, "Mug", new BigDecimal("12.50"), 10)));
		customerService.answer(200, """
				{"id": "%s", "name": "Ada Lovelace", "email": "ada@example.com", "creditLimit": 100.00}
				""".formatted(this.customer));
		inventoryService.answer(200, """
				{"sku": "%s", "name": "Enamel mug", "price": 12.50, "onHand": 9, "reserved": 2, "available": 7}
				""".formatted(this.sku));
		MvcTestResult placed = this.mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
				{"customerId": "%s", "lines": [{"sku": "%s", "quantity": 2}]}
				""".formatted(this.customer, this.sku)).exchange();
		assertThat(placed).hasStatus(202);
		this.orderId = placed.getResponse().getContentAsString().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	@Test
	void addsTheCustomersNameAndEachProductsNameAndStock() {
		// Awaited: the first call of a cold JVM on a busy machine may exceed the time
		// limit.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(details()).hasStatusOk().bodyJson().satisfies((json) -> {
				assertThat(json).extractingPath("$.order.id").isEqualTo(this.orderId);
				assertThat(json).extractingPath("$.customer.name").isEqualTo("Ada Lovelace");
				assertThat(json).extractingPath("$.lines[0].name").isEqualTo("Enamel mug");
				assertThat(json).extractingPath("$.lines[0].available").isEqualTo(7);
				assertThat(json).extractingPath("$.degraded").asArray().isEmpty();
			}));
		// As itself: order-service's own token, for the reads it needs and nothing more.
		for (StandIn service : List.of(customerService, inventoryService)) {
			assertThat(service.authorization).startsWith("Bearer ");
			String claims = new String(Base64.getUrlDecoder().decode(service.authorization.split("\\.")[1]),
					StandardCharsets.UTF_8);
			assertThat(claims).contains("\"sub\":\"order-service\"", "customers:read", "catalogue:read")
				.doesNotContain("admin");
		}
	}

	@Test
	void aCustomerTheCustomerServiceDoesNotKnowIsAnAnswerNotADegradation() {
		customerService.answer(404, """
				{"status": 404, "detail": "No customer with id %s"}
				""".formatted(this.customer));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(details()).hasStatusOk().bodyJson().satisfies((json) -> {
				assertThat(json).extractingPath("$.customer.id").isEqualTo(this.customer.toString());
				assertThat(json).extractingPath("$.customer.name").isNull();
				assertThat(json).extractingPath("$.degraded").asArray().isEmpty();
			}));
		assertThat(this.breakers.circuitBreaker("customer-service").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void answersInPartWhileTheCustomerServiceFailsThenOpensItsBreakerAndRecovers() {
		customerService.answer(503, "{\"status\": 503}");

		assertThat(details()).hasStatusOk().bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.customer.name").isNull();
			assertThat(json).extractingPath("$.lines[0].name").isEqualTo("Enamel mug");
			assertThat(json).extractingPath("$.degraded").asArray().containsExactly("customer");
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			details();
			return this.breakers.circuitBreaker("customer-service").getState() == CircuitBreaker.State.OPEN;
		});
		int callsWhileOpen = customerService.calls;
		long began = System.nanoTime();
		MvcTestResult whileOpen = details();
		Duration took = Duration.ofNanos(System.nanoTime() - began);

		assertThat(whileOpen).bodyJson().extractingPath("$.degraded").asArray().containsExactly("customer");
		assertThat(took).isLessThan(Duration.ofMillis(100));
		assertThat(customerService.calls).as("no call reaches a service behind an open breaker")
			.isEqualTo(callsWhileOpen);

		customerService.answer(200, """
				{"id": "%s", "name": "Ada Lovelace"}
				""".formatted(this.customer));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(details()).bodyJson().extractingPath("$.degraded").asArray().isEmpty());
		// Half-open lets two calls through to decide; the answers are complete meanwhile.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(details()).bodyJson().extractingPath("$.degraded").asArray().isEmpty();
			assertThat(this.breakers.circuitBreaker("customer-service").getState())
				.isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void anUnknownOrderIs404() {
		assertThat(this.mvc.get().uri("/api/orders/{id}/details", UUID.randomUUID())).hasStatus(404);
	}

	private MvcTestResult details() {
		return this.mvc.get().uri("/api/orders/{id}/details", this.orderId).exchange();
	}

	/**
	 * A real HTTP server on a free port that answers every request with what the test
	 * last told it, and counts the requests.
	 */
	static final class StandIn {

		final HttpServer server;

		volatile int status = 200;

		volatile String body = "{}";

		volatile int calls;

		volatile String authorization = "";

		private StandIn(HttpServer server) {
			this.server = server;
		}

		static StandIn start() {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
				StandIn standIn = new StandIn(server);
				server.createContext("/", standIn::handle);
				server.start();
				return standIn;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void answer(int status, String body) {
			this.status = status;
			this.body = body;
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		private void handle(HttpExchange exchange) throws IOException {
			this.calls++;
			this.authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(this.status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

	}

}
