package dev.olf.localstack.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures the saga on the process stack; not part of the test run (its name does not end
 * in Test). Run it with
 * {@code ./mvnw -pl local-stack/launcher -am verify -Dtest=SagaBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Results go to standard output and {@code target/benchmark.txt}.
 */
class SagaBenchmark {

	private final List<String> report = new ArrayList<>();

	@Test
	void measure() throws Exception {
		List<UUID> customers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			customers.add(Shop.customerWithCredit("1000000.00"));
		}
		String sku = Shop.product("1.00", 1_000_000);
		for (int i = 0; i < 50; i++) {
			confirm(customers.get(i % 20), sku);
		}

		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			long start = System.nanoTime();
			confirm(customers.get(i % 20), sku);
			latencies.add((System.nanoTime() - start) / 1_000);
		}
		latencies.sort(null);
		line("200 orders one after another, POST /api/orders to CONFIRMED observed by polling every 2 ms:");
		line("  p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", percentile(latencies, 0.50) / 1000.0,
				percentile(latencies, 0.90) / 1000.0, percentile(latencies, 0.99) / 1000.0,
				latencies.getLast() / 1000.0);

		List<UUID> burst = new ArrayList<>();
		long start = System.nanoTime();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<UUID>> placed = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				UUID customer = customers.get(i % 20);
				placed.add(clients.submit(() -> Shop.placeOrder(customer, sku, 1)));
			}
			for (Future<UUID> order : placed) {
				burst.add(order.get());
			}
		}
		long accepted = System.nanoTime();
		List<JsonNode> decided = new ArrayList<>();
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
			decided.clear();
			customers.stream()
				.flatMap((customer) -> Shop.ordersOf(customer).stream())
				.filter((order) -> burst.contains(UUID.fromString(order.path("id").asString())))
				.filter((order) -> Shop.FINAL.contains(order.path("status").asString()))
				.forEach(decided::add);
			return decided.size() == burst.size();
		});
		long done = System.nanoTime();
		long confirmed = decided.stream()
			.filter((order) -> order.path("status").asString().equals("CONFIRMED"))
			.count();
		line("500 orders sent at once (20 customers, one product, stack deadline %s):", SystemStack.DEADLINE);
		line("  all accepted (202) after %.2f s, all decided after %.2f s (%d confirmed, %d rejected): %.0f orders/s end to end",
				(accepted - start) / 1e9, (done - start) / 1e9, confirmed, burst.size() - confirmed,
				500 / ((done - start) / 1e9));

		measureProjectionReplay();
		Path file = Path.of("target", "benchmark.txt");
		Files.write(file, this.report);
		System.out.println(String.join(System.lineSeparator(), this.report));
	}

	/**
	 * How fast the statistics project events: a rebuild replays every topic from the
	 * beginning, as fast as the projections go.
	 */
	private void measureProjectionReplay() {
		await().atMost(Duration.ofMinutes(2)).until(() -> lag() == 0);
		JsonNode before = SystemStack.get(Service.STATS, "/api/stats/summary").body();
		long events = before.path("orders").path("placed").asLong();
		long start = System.nanoTime();
		assertThat(SystemStack.post(Service.STATS, "/api/admin/projections/rebuild", "").status()).isEqualTo(202);
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> SystemStack.get(Service.STATS, "/api/stats/summary")
				.body()
				.path("orders")
				.path("placed")
				.asLong() == events && lag() == 0);
		double seconds = (System.nanoTime() - start) / 1e9;
		long total = totalEvents();
		line("Projection rebuild: %d events on the three topics replayed in %.1f s: %.0f events/s", total, seconds,
				total / seconds);
	}

	private static long lag() {
		JsonNode lag = SystemStack.get(Service.STATS, "/api/stats/summary").body().path("consumerLag");
		long sum = 0;
		for (JsonNode topic : lag) {
			sum += topic.asLong();
		}
		return lag.isEmpty() ? -1 : sum;
	}

	/**
	 * Counts the committed records on the three topics, reading them from the beginning.
	 */
	private static long totalEvents() {
		Map<String, Object> config = SystemStack.kafkaAdminProperties();
		config.putAll(Map.of("group.id", "benchmark-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
				"isolation.level", "read_committed", "enable.auto.commit", false));
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of("customer.events", "order.events", "inventory.events"));
			long count = 0;
			int emptyPolls = 0;
			while (emptyPolls < 10) {
				int records = consumer.poll(Duration.ofMillis(500)).count();
				count += records;
				emptyPolls = (records == 0) ? emptyPolls + 1 : 0;
			}
			return count;
		}
	}

	private static void confirm(UUID customer, String sku) {
		UUID order = Shop.placeOrder(customer, sku, 1);
		await().atMost(Duration.ofSeconds(30))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.until(() -> SystemStack.get(Service.ORDER, "/api/orders/" + order).body().path("status").asString(),
					"CONFIRMED"::equals);
	}

	private static long percentile(List<Long> sorted, double quantile) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
	}

	private void line(String format, Object... args) {
		this.report.add(String.format(Locale.ROOT, format, args));
	}

	static {
		try {
			Files.createDirectories(Path.of("target"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
