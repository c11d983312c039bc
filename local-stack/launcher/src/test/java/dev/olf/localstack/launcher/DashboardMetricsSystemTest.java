package dev.olf.localstack.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboards in the repository query is one that a running
 * service exposes, so a renamed meter cannot leave a panel silently empty.
 */
class DashboardMetricsSystemTest {

	private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate",
			"increase", "by", "without", "histogram_quantile", "topk", "bottomk", "delta", "deriv", "abs", "on",
			"ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool", "clamp_min", "clamp_max");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	@Test
	void everyMetricADashboardQueriesIsExposed() throws IOException {
		Set<String> queried = queriedMetrics(RepositoryRoot.find().resolve("deploy/observability/grafana/dashboards"));
		assertThat(queried).as("metrics the dashboards query").contains("olf_orders", "outbox_backlog_events");
		// Some meters appear only once something happened: a rejection, a dead letter.
		UUID customer = Shop.customerWithCredit("1.00");
		Shop.awaitFinal(Shop.placeOrder(customer, Shop.product("5.00", 1), 1));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(SystemStack.kafkaAdminProperties(),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>("customer.events", "dashboard-test", "not an event"));
		}

		await().atMost(Shop.WAIT).untilAsserted(() -> assertThat(exposedMetrics()).containsAll(queried));
	}

	private static Set<String> queriedMetrics(Path dashboards) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Set<String> metrics = new TreeSet<>();
		try (Stream<Path> files = Files.list(dashboards)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).toList()) {
				json.readTree(file.toFile()).findValues("expr").stream().map(JsonNode::asString).forEach((expr) -> {
					// Label matchers, ranges and grouping clauses name no metric.
					String bare = expr.replaceAll("\\{[^}]*\\}", "")
						.replaceAll("\\[[^\\]]*\\]", "")
						.replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
					Matcher identifiers = IDENTIFIER.matcher(bare);
					while (identifiers.find()) {
						String name = identifiers.group();
						boolean function = bare.substring(identifiers.end()).stripLeading().startsWith("(");
						if (!function && !PROMQL_WORDS.contains(name)) {
							metrics.add(name);
						}
					}
				});
			}
		}
		return metrics;
	}

	private static Set<String> exposedMetrics() {
		Set<String> exposed = new TreeSet<>();
		// Every instance: a meter may exist only where something happened.
		for (Service service : Service.apis()) {
			for (ServiceProcess instance : SystemStack.shared().instances(service)) {
				SystemStack.get(instance.url(), "/actuator/prometheus")
					.text()
					.lines()
					.filter((line) -> !line.startsWith("#"))
					.map((line) -> line.split("[{ ]", 2)[0])
					.forEach(exposed::add);
			}
		}
		return exposed;
	}

}
