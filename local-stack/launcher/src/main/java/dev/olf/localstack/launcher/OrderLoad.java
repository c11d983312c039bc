package dev.olf.localstack.launcher;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A steady, open-loop stream of orders through the public API while faults happen, sent
 * the way a careful client sends them: each order with an {@code Idempotency-Key} of its
 * own, and sent again under that key after a 5xx or a broken connection, until a definite
 * answer comes. A mix, so that every outcome of the saga occurs: most customers have
 * plenty of credit, two have little; one product has little stock; one order in forty
 * comes from a customer nobody knows; one accepted order in ten is cancelled soon after.
 * Every request and its answer go to the {@link OrderLedger}.
 */
final class OrderLoad implements AutoCloseable {

	/** A client retries at most this long before it gives up on an answer. */
	private static final Duration GIVE_UP = Duration.ofMinutes(3);

	/** Requests under way at most, retries included, so a long outage stays bounded. */
	private static final int MAX_IN_FLIGHT = 60;

	private final StackHttp http;

	private final OrderLedger ledger;

	private final double rate;

	private final Random random = new Random(7);

	private final Map<UUID, BigDecimal> creditLimits = new LinkedHashMap<>();

	private final Map<String, Integer> initialStock = new LinkedHashMap<>();

	private final List<UUID> customers = new ArrayList<>();

	private final List<String> skus = new ArrayList<>();

	private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

	private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

	private volatile String phase = "no fault";

	private volatile boolean sending;

	private volatile @Nullable Thread pacer;

	OrderLoad(StackHttp http, OrderLedger ledger, double rate) {
		this.http = http;
		this.ledger = ledger;
		this.rate = rate;
	}

	/**
	 * Registers the customers and adds the products the orders use, and waits until the
	 * order service's catalogue knows them.
	 */
	void setUp() {
		String[] limits = { "1000000.00", "1000000.00", "1000000.00", "1000000.00", "1000000.00", "1000000.00", "60.00",
				"120.00" };
		for (String limit : limits) {
			StackHttp.Response created = definite(() -> this.http.post(Service.CUSTOMER, "/api/customers", """
					{"name": "Load customer", "email": "load-%s@example.com", "creditLimit": "%s"}
					""".formatted(UUID.randomUUID(), limit), Map.of()));
			require(created, 201);
			UUID id = UUID.fromString(created.body().path("id").asString());
			this.customers.add(id);
			this.creditLimits.put(id, new BigDecimal(limit));
		}
		String[][] products = { { "2.50", "1000000" }, { "4.00", "1000000" }, { "7.25", "1000000" }, { "3.10", "40" } };
		for (String[] product : products) {
			String sku = "LOAD-" + UUID.randomUUID().toString().substring(0, 8);
			int quantity = Integer.parseInt(product[1]);
			require(definite(() -> this.http.post(Service.INVENTORY, "/api/products", """
					{"sku": "%s", "name": "Load product %s", "price": "%s", "quantity": %d}
					""".formatted(sku, sku, product[0], quantity), Map.of())), 201);
			this.skus.add(sku);
			this.initialStock.put(sku, quantity);
		}
		await().atMost(Duration.ofMinutes(2))
			.ignoreExceptions()
			.until(() -> this.skus.stream()
				.allMatch((sku) -> this.http.get(Service.ORDER, "/api/catalogue/" + sku).status() == 200));
	}

	/**
	 * Starts sending at the configured rate; {@link #pause()} stops it.
	 */
	void start() {
		this.sending = true;
		this.pacer = Thread.ofPlatform().name("order-load").daemon().start(this::pace);
	}

	/**
	 * Stops sending new orders and waits until every request under way has its answer.
	 */
	void pause() {
		this.sending = false;
		Thread running = this.pacer;
		if (running != null) {
			running.interrupt();
			try {
				running.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		await().atMost(GIVE_UP.plusMinutes(1)).until(() -> this.inFlight.availablePermits() == MAX_IN_FLIGHT);
	}

	/**
	 * @param phase the fault under way, recorded with each order sent from now on
	 */
	void phase(String phase) {
		this.phase = phase;
	}

	Map<UUID, BigDecimal> creditLimits() {
		return this.creditLimits;
	}

	Map<String, Integer> initialStock() {
		return this.initialStock;
	}

	private void pace() {
		long pause = (long) (1_000_000_000L / this.rate);
		long next = System.nanoTime();
		try {
			while (this.sending) {
				this.inFlight.acquire();
				OrderLedger.Entry entry;
				String body;
				synchronized (this.random) {
					UUID customer = (this.random.nextInt(40) == 0) ? UUID.randomUUID()
							: this.customers.get(this.random.nextInt(this.customers.size()));
					entry = this.ledger.open(UUID.randomUUID().toString(), this.phase, customer);
					body = orderBody(customer);
				}
				this.clients.execute(() -> {
					try {
						place(entry, body);
					}
					finally {
						this.inFlight.release();
					}
				});
				next += pause;
				TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
			}
		}
		catch (InterruptedException ex) {
			// Paused.
		}
	}

	private String orderBody(UUID customer) {
		List<String> choice = new ArrayList<>(this.skus);
		StringBuilder lines = new StringBuilder();
		for (int i = 0, count = 1 + this.random.nextInt(2); i < count; i++) {
			String sku = choice.remove(this.random.nextInt(choice.size()));
			lines.append((i > 0) ? ", " : "")
				.append("{\"sku\": \"%s\", \"quantity\": %d}".formatted(sku, 1 + this.random.nextInt(3)));
		}
		return """
				{"customerId": "%s", "lines": [%s]}""".formatted(customer, lines);
	}

	private void place(OrderLedger.Entry entry, String body) {
		long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
		String last = "";
		for (int attempt = 0; System.nanoTime() < giveUpAt; attempt++) {
			entry.attempted();
			try {
				StackHttp.Response response = this.http.post(Service.ORDER, "/api/orders", body,
						Map.of("Idempotency-Key", entry.key()));
				if (response.status() == 202) {
					UUID order = UUID.fromString(response.body().path("id").asString());
					entry.accepted(order);
					if (this.random.nextInt(10) == 0) {
						cancelSoon(order);
					}
					return;
				}
				if (response.status() < 500) {
					entry.refused(response.status(), response.text());
					return;
				}
				last = response.status() + " " + response.text();
			}
			catch (UncheckedIOException | IllegalStateException ex) {
				// Refused, reset or timed out, or the service is being restarted: the
				// order may or may not exist, which is what the key is for.
				last = String.valueOf(ex.getMessage());
			}
			if (!backOff(attempt)) {
				break;
			}
		}
		entry.gaveUp(last);
	}

	/**
	 * Cancels an order a moment after it was accepted, wherever its saga is: a 409 (it
	 * was rejected meanwhile) is as definite an answer as a 200.
	 */
	private void cancelSoon(UUID order) {
		if (!this.inFlight.tryAcquire()) {
			return;
		}
		this.clients.execute(() -> {
			try {
				TimeUnit.MILLISECONDS.sleep(this.random.nextInt(2_000));
				long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
				for (int attempt = 0; System.nanoTime() < giveUpAt; attempt++) {
					try {
						if (this.http.post(Service.ORDER, "/api/orders/" + order + "/cancel", "", Map.of())
							.status() < 500) {
							return;
						}
					}
					catch (UncheckedIOException | IllegalStateException ex) {
						// Sent again below.
					}
					if (!backOff(attempt)) {
						return;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inFlight.release();
			}
		});
	}

	/**
	 * Waits before the next attempt: 100 ms doubling up to 3 s.
	 * @return {@code false} if interrupted
	 */
	private static boolean backOff(int attempt) {
		try {
			TimeUnit.MILLISECONDS.sleep(Math.min(3_000, 100L << Math.min(attempt, 5)));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static StackHttp.Response definite(java.util.function.Supplier<StackHttp.Response> request) {
		return await().atMost(Duration.ofMinutes(2))
			.ignoreExceptions()
			.until(request::get, (response) -> response.status() < 500);
	}

	private static void require(StackHttp.Response response, int status) {
		if (response.status() != status) {
			throw new IllegalStateException(
					"Expected " + status + " but got " + response.status() + ": " + response.text());
		}
	}

	@Override
	public void close() {
		this.sending = false;
		Thread running = this.pacer;
		if (running != null) {
			running.interrupt();
		}
		this.clients.shutdownNow();
	}

}
