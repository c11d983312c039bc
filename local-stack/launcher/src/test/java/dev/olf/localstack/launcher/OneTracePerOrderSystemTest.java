package dev.olf.localstack.launcher;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order's saga is one trace: the request's trace goes from order-service through Kafka
 * to both participants and back, and every event any of them writes for the order carries
 * it.
 */
class OneTracePerOrderSystemTest {

	private static final Set<String> CONFIRMED_SAGA = Set.of("order.placed.v1", "inventory.stock-reserved.v1",
			"customer.credit-reserved.v1", "order.confirmed.v1", "inventory.stock-committed.v1",
			"customer.credit-committed.v1");

	@Test
	void everyEventOfAConfirmedOrderCarriesTheTraceOfItsRequest() {
		Map<String, String> traceparents = traceparentsOfAConfirmedOrder();
		assertThat(traceparents.values()).as("traceparent by event type: %s", traceparents)
			.allSatisfy((traceparent) -> assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"));
		Set<String> traceIds = traceparents.values()
			.stream()
			.map((traceparent) -> traceparent.split("-")[1])
			.collect(Collectors.toSet());
		assertThat(traceIds).as("trace ids of %s", traceparents).hasSize(1);
		Set<String> parentSpans = traceparents.values()
			.stream()
			.map((traceparent) -> traceparent.split("-")[2])
			.collect(Collectors.toSet());
		assertThat(parentSpans).as("each event written in the span of the step that caused it: %s", traceparents)
			.hasSizeGreaterThan(1);
	}

	/**
	 * What {@code ./run-local --tracing} promises: the trace backend it starts shows an
	 * order as one trace with the spans of all four services.
	 */
	@Test
	void zipkinShowsAConfirmedOrderAsOneTraceWithSpansOfAllFourServices() {
		String traceId = traceparentsOfAConfirmedOrder().get("order.placed.v1").split("-")[1];
		URI zipkin = SystemStack.shared().zipkinUrl().orElseThrow();

		await().atMost(Shop.WAIT).untilAsserted(() -> {
			SystemStack.Response trace = SystemStack.get(zipkin, "/api/v2/trace/" + traceId);
			assertThat(trace.status()).as("Zipkin's answer for trace %s: %s", traceId, trace.text()).isEqualTo(200);
			Set<String> services = new TreeSet<>();
			Set<String> names = new TreeSet<>();
			trace.body().forEach((span) -> {
				assertThat(span.path("traceId").asString()).isEqualTo(traceId);
				services.add(span.path("localEndpoint").path("serviceName").asString());
				names.add(span.path("name").asString());
			});
			assertThat(services).as("services with spans in trace %s", traceId)
				.containsAll(Set.of("order-service", "inventory-service", "customer-service", "olf-stats-service"));
			// The request's span, without one per Spring Security filter
			// (service-defaults).
			assertThat(names).as("span names in trace %s", traceId)
				.anyMatch((name) -> name.startsWith("http post"))
				.noneMatch((name) -> name.startsWith("security") || name.startsWith("authorize")
						|| name.startsWith("authenticate"));
		});
		SystemStack.Response byService = SystemStack.get(zipkin, "/api/v2/traces?serviceName=order-service&limit=1000");
		assertThat(byService.body().valueStream().map((trace) -> trace.path(0).path("traceId").asString()))
			.as("traces Zipkin lists for order-service")
			.contains(traceId);
	}

	/**
	 * Places an order that confirms and reads the {@code traceparent} of each event of
	 * its saga from the three topics.
	 */
	private static Map<String, String> traceparentsOfAConfirmedOrder() {
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("5.00", 10);

		UUID order = Shop.placeOrder(customer, sku, 2);
		assertThat(Shop.awaitFinal(order).path("status").asString()).isEqualTo("CONFIRMED");

		List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> kafka = reader()) {
			kafka.subscribe(List.of("order.events", "inventory.events", "customer.events"));
			await().atMost(Shop.WAIT).until(() -> {
				kafka.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (order.toString().equals(record.key())) {
						events.add(record);
					}
				});
				return events.stream().map((record) -> header(record, "ce_type")).collect(Collectors.toSet());
			}, (types) -> types.containsAll(CONFIRMED_SAGA));
		}
		return events.stream()
			.filter((record) -> CONFIRMED_SAGA.contains(header(record, "ce_type")))
			.collect(Collectors.toMap((record) -> header(record, "ce_type"), (record) -> header(record, "traceparent"),
					(first, second) -> first));
	}

	private static KafkaConsumer<String, byte[]> reader() {
		Map<String, Object> config = SystemStack.kafkaAdminProperties();
		config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "trace-reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
				"read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
		return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
