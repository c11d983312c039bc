package dev.olf.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production overlay creates what the services need from the cluster and cannot
 * create themselves: its broker creates no topics, so every topic a service consumes and
 * every consumer group's dead-letter and replay topic is a {@code KafkaTopic}; and its
 * Grafana gets every dashboard of {@code deploy/observability/grafana/dashboards} as a
 * ConfigMap.
 */
class KafkaTopicsAndDashboardsTest {

	private static final Pattern LISTENER = Pattern
		.compile("@KafkaListener\\([^)]*groupId = (\"[^\"]+\"|[A-Z_]+)[^)]*topics = (\\w+)\\.TOPIC");

	@Test
	void everyConsumedTopicAndEveryDeadLetterAndReplayTopicIsAKafkaTopic() {
		Set<String> needed = new TreeSet<>();
		consumers().forEach((consumer) -> {
			needed.add(consumer.topic());
			needed.add(consumer.topic() + "." + consumer.group() + ".dlt");
			needed.add(consumer.topic() + "." + consumer.group() + ".replay");
		});
		assertThat(needed).as("topics the services consume, and their dead-letter and replay topics").hasSize(19);
		Set<String> created = Manifests.render("production")
			.stream()
			.filter((object) -> object.path("kind").asString().equals("KafkaTopic"))
			.map((topic) -> topic.path("metadata").path("name").asString())
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(created).isEqualTo(needed);
	}

	@Test
	void grafanaGetsEveryDashboardFileAsItIs() throws IOException {
		Path dashboards = Manifests.repositoryRoot().resolve("deploy/observability/grafana/dashboards");
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.list(dashboards)) {
			paths.filter((path) -> path.toString().endsWith(".json")).forEach((path) -> {
				try {
					files.put(path.getFileName().toString(), Files.readString(path));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		assertThat(files).isNotEmpty();
		JsonNode configMap = Manifests.render("production")
			.stream()
			.filter((object) -> object.path("kind").asString().equals("ConfigMap")
					&& object.path("metadata").path("labels").path("grafana_dashboard").asString().equals("1"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no ConfigMap labelled grafana_dashboard"));
		Map<String, String> data = new TreeMap<>();
		configMap.path("data").properties().forEach((entry) -> data.put(entry.getKey(), entry.getValue().asString()));
		assertThat(data).isEqualTo(files);
	}

	/**
	 * @return each topic the services' {@code @KafkaListener}s read with the consumer
	 * group that reads it ({@code topic} and {@code group}), from their sources
	 */
	private static Set<Consumer> consumers() {
		Set<Consumer> consumers = new TreeSet<>();
		Path root = Manifests.repositoryRoot();
		for (String service : new String[] { "customer-service", "order-service", "inventory-service",
				"olf-stats-service" }) {
			try (Stream<Path> sources = Files.walk(root.resolve(service).resolve("src/main/java"))) {
				sources.filter((path) -> path.toString().endsWith(".java")).forEach((path) -> {
					String source = read(path);
					Matcher listener = LISTENER.matcher(source);
					while (listener.find()) {
						consumers.add(new Consumer(topic(listener.group(2)), constant(source, listener.group(1))));
					}
				});
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return consumers;
	}

	record Consumer(String topic, String group) implements Comparable<Consumer> {

		@Override
		public int compareTo(Consumer other) {
			return (this.topic + " " + this.group).compareTo(other.topic + " " + other.group);
		}

	}

	private static String constant(String source, String reference) {
		if (reference.startsWith("\"")) {
			return reference.substring(1, reference.length() - 1);
		}
		Matcher value = Pattern.compile(reference + " = \"([^\"]+)\"").matcher(source);
		if (!value.find()) {
			throw new AssertionError("cannot resolve the consumer group " + reference);
		}
		return value.group(1);
	}

	private static String topic(String eventInterface) {
		String packageName = "dev.olf.events." + eventInterface.replace("Event", "").toLowerCase();
		try {
			return (String) Class.forName(packageName + "." + eventInterface).getField("TOPIC").get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError("cannot read " + eventInterface + ".TOPIC", ex);
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
