package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.olf.localstack.ClientCredentials;

/**
 * Demo traffic for a person watching the dashboard: registers customers, adds products,
 * then places a steady stream of orders through the public APIs. Some customers have
 * little credit, some products little stock, a few orders come from customers nobody
 * knows, and some are cancelled, so every outcome shows up; stock is topped up now and
 * then so the stream keeps moving.
 */
final class DemoTraffic implements AutoCloseable {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final Map<String, String> PRODUCTS = Map.of("MUG-ENAMEL", "12.50", "TEA-EARLGREY", "6.90",
			"COFFEE-BEANS", "14.00", "TEAPOT-CAST", "39.00", "SPOON-SET", "8.25", "KETTLE-STEEL", "29.99",
			"CUP-PORCELAIN", "9.40", "FILTER-PAPER", "3.10");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final LocalStack stack;

	private final ClientCredentials client;

	private final double rate;

	private final PrintStream out;

	private final List<UUID> customers = new ArrayList<>();

	private final Deque<String> recentOrders = new ConcurrentLinkedDeque<>();

	private final AtomicInteger turn = new AtomicInteger();

	private volatile boolean running = true;

	private final Thread thread;

	private DemoTraffic(LocalStack stack, double rate, PrintStream out) {
		this.stack = stack;
		this.client = ClientCredentials.local(stack.authUrl());
		this.rate = rate;
		this.out = out;
		this.thread = Thread.ofVirtual().name("demo-traffic").unstarted(this::run);
	}

	static DemoTraffic start(LocalStack stack, double rate, PrintStream out) {
		DemoTraffic demo = new DemoTraffic(stack, rate, out);
		demo.thread.start();
		return demo;
	}

	private void run() {
		try {
			setUp();
			this.out.printf(Locale.ROOT, "demo      | placing %.1f orders per second; watch %s%n", this.rate,
					this.stack.url(Service.STATS));
			long pause = (long) (1_000_000_000L / this.rate);
			long next = System.nanoTime();
			long placed = 0;
			long quietUntil = System.nanoTime();
			while (this.running) {
				try {
					placeOrder();
					if (++placed % 50 == 0) {
						cancelARecentOrder();
					}
					if (placed % 200 == 0) {
						restock();
					}
				}
				catch (IllegalStateException ex) {
					// A service the supervisor is restarting: keep the pace, and say so
					// now and then rather than for every order.
					if (this.running && System.nanoTime() - quietUntil >= 0) {
						this.out.println("demo      | " + ex.getMessage() + "; carrying on");
						quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
					}
				}
				next += pause;
				TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			if (this.running) {
				this.out.println("demo      | stopped: " + ex.getMessage());
			}
		}
	}

	private void setUp() throws InterruptedException {
		String[] limits = { "500.00", "250.00", "120.00", "80.00", "40.00", "25.00" };
		for (int i = 0; i < 12; i++) {
			String body = post(Service.CUSTOMER, "/api/customers", """
					{"name": "Demo customer %d", "email": "demo-%s@example.com", "creditLimit": "%s"}
					""".formatted(i + 1, UUID.randomUUID(), limits[i % limits.length]));
			this.customers.add(UUID.fromString(id(body)));
		}
		int quantity = 40;
		for (Map.Entry<String, String> product : PRODUCTS.entrySet()) {
			// Existing products are fine: the demo may run again on the same data.
			send(Service.INVENTORY, "/api/products", """
					{"sku": "%s", "name": "%s", "price": "%s", "quantity": %d}
					""".formatted(product.getKey(), name(product.getKey()), product.getValue(), quantity));
			quantity = (quantity > 10) ? quantity - 5 : 60;
		}
		for (String sku : PRODUCTS.keySet()) {
			while (this.running && get(Service.ORDER, "/api/catalogue/" + sku).statusCode() != 200) {
				TimeUnit.MILLISECONDS.sleep(200);
			}
		}
	}

	private void placeOrder() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		UUID customer = (random.nextInt(40) == 0) ? UUID.randomUUID()
				: this.customers.get(random.nextInt(this.customers.size()));
		List<String> skus = new ArrayList<>(PRODUCTS.keySet());
		StringBuilder lines = new StringBuilder();
		for (int i = 0, count = 1 + random.nextInt(3); i < count; i++) {
			String sku = skus.remove(random.nextInt(skus.size()));
			lines.append((i > 0) ? ", " : "")
				.append("{\"sku\": \"%s\", \"quantity\": %d}".formatted(sku, 1 + random.nextInt(4)));
		}
		HttpResponse<String> response = send(Service.ORDER, "/api/orders", """
				{"customerId": "%s", "lines": [%s]}""".formatted(customer, lines));
		if (response.statusCode() == 202) {
			this.recentOrders.addFirst(id(response.body()));
			while (this.recentOrders.size() > 20) {
				this.recentOrders.removeLast();
			}
		}
	}

	private void cancelARecentOrder() {
		String order = this.recentOrders.pollLast();
		if (order != null) {
			send(Service.ORDER, "/api/orders/" + order + "/cancel", "");
		}
	}

	private void restock() {
		List<String> skus = new ArrayList<>(PRODUCTS.keySet());
		String sku = skus.get(ThreadLocalRandom.current().nextInt(skus.size()));
		send(Service.INVENTORY, "/api/products/" + sku + "/restock", "{\"quantity\": 60}");
	}

	private String post(Service service, String path, String json) {
		HttpResponse<String> response = send(service, path, json);
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(
					"POST " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private HttpResponse<String> send(Service service, String path, String json) {
		return exchange(HttpRequest.newBuilder(uri(service, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> get(Service service, String path) {
		return exchange(HttpRequest.newBuilder(uri(service, path)).GET());
	}

	private HttpResponse<String> exchange(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + this.client.token())
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 401) {
				// The authorization server restarted with new keys: the next request
				// gets a new token.
				this.client.forget();
			}
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Demo request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Takes the instances of a service in turn, so that scale-out shows on each of them.
	 */
	private URI uri(Service service, String path) {
		List<ServiceProcess> instances = this.stack.instances(service);
		return instances.get(Math.floorMod(this.turn.getAndIncrement(), instances.size())).url().resolve(path);
	}

	private static String id(String json) {
		Matcher matcher = ID.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No id in " + json);
		}
		return matcher.group(1);
	}

	private static String name(String sku) {
		String[] parts = sku.toLowerCase(Locale.ROOT).split("-");
		return Character.toUpperCase(parts[1].charAt(0)) + parts[1].substring(1) + " " + parts[0];
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
