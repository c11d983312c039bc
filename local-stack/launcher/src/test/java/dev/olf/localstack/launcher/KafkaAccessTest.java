package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.olf.events.inventory.InventoryEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose broker's kafka-init and the Strimzi KafkaUsers grant what the local stack
 * grants: one access model in three places, held together here.
 */
class KafkaAccessTest {

	private static final Path ROOT = RepositoryRoot.find();

	@Test
	void composeInitGrantsWhatTheLocalStackGrants() throws IOException {
		Map<String, List<String>> granted = new HashMap<>();
		String script = Files.readString(ROOT.resolve("deploy/kafka/init")).replace("\\\n", " ");
		for (String line : script.lines().map(String::strip).filter((line) -> line.startsWith("grant ")).toList()) {
			List<String> words = Arrays.stream(line.split("\\s+")).toList();
			List<String> access = new ArrayList<>();
			if (!words.get(3).equals("-")) {
				access.add("writes " + words.get(3));
			}
			words.subList(4, words.size()).forEach((consumed) -> access.add("consumes " + consumed));
			granted.put(words.get(1), access);
		}

		Map<String, List<String>> expected = new HashMap<>();
		for (Service service : Service.apis()) {
			KafkaAccess.Principal principal = KafkaAccess.of(service);
			List<String> access = new ArrayList<>();
			principal.writes().forEach((topic) -> access.add("writes " + topic));
			principal.consumes()
				.forEach((consumed) -> access.add("consumes " + consumed.topic() + ":" + consumed.group()));
			expected.put(principal.name(), access);
		}
		assertThat(granted).isEqualTo(expected);
		assertThat(script).contains("allow olf-stats-service --operation Delete --group olf-stats");
	}

	/**
	 * Runs the script with stand-ins for Kafka's tools that record their arguments, so
	 * that what it creates and grants is compared, not only the lines that call it.
	 */
	@Test
	void composeInitCreatesEveryTopicAndGrantsEveryAclOfTheLocalStack(@TempDir Path directory) throws Exception {
		Path bin = Files.createDirectories(directory.resolve("bin"));
		Path calls = directory.resolve("calls");
		for (String tool : List.of("kafka-topics.sh", "kafka-acls.sh", "kafka-configs.sh")) {
			Path stub = bin.resolve(tool);
			Files.writeString(stub, "#!/usr/bin/env bash\necho \"$(basename \"$0\") $*\" >>'" + calls + "'\n");
			stub.toFile().setExecutable(true);
		}
		Path adminConfig = directory.resolve("admin-client-config");
		Files.writeString(adminConfig, "echo security.protocol=SASL_PLAINTEXT\n");
		Path script = directory.resolve("init");
		Files.writeString(script,
				Files.readString(ROOT.resolve("deploy/kafka/init"))
					.replace("bin=/opt/kafka/bin", "bin='" + bin + "'")
					.replace("/etc/olf/kafka/admin-client-config", adminConfig.toString()));
		ProcessBuilder init = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
		for (String name : List.of("CUSTOMER", "ORDER", "INVENTORY", "STATS")) {
			init.environment().put("OLF_KAFKA_" + name + "_PASSWORD", "secret-" + name);
		}
		Process run = init.start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(run.waitFor()).as(output).isZero();

		Set<String> topics = new HashSet<>();
		Map<String, Set<String>> granted = new HashMap<>();
		for (String call : Files.readAllLines(calls)) {
			List<String> words = Arrays.stream(call.split("\\s+")).toList();
			if (words.get(0).equals("kafka-topics.sh") && words.contains("--create")) {
				topics.add(words.get(words.indexOf("--topic") + 1));
			}
			if (words.get(0).equals("kafka-acls.sh")) {
				String principal = words.get(words.indexOf("--allow-principal") + 1).substring("User:".length());
				String pattern = words.contains("prefixed") ? "prefix" : "literal";
				List<String> operations = new ArrayList<>();
				List<String> resources = new ArrayList<>();
				for (int i = 1; i < words.size() - 1; i++) {
					switch (words.get(i)) {
						case "--operation" -> operations.add(words.get(i + 1));
						case "--topic" -> resources.add("topic " + words.get(i + 1));
						case "--group" -> resources.add("group " + words.get(i + 1));
						case "--transactional-id" -> resources.add("transactionalId " + words.get(i + 1));
						default -> {
						}
					}
				}
				for (String resource : resources) {
					for (String operation : operations) {
						granted.computeIfAbsent(principal, (name) -> new HashSet<>())
							.add(resource + " " + pattern + " " + operation);
					}
				}
			}
		}

		assertThat(topics).containsExactlyInAnyOrderElementsOf(KafkaAccess.topics());
		assertThat(granted).isEqualTo(expectedAcls());
	}

	@Test
	void strimziUsersGrantWhatTheLocalStackGrants() throws IOException {
		Map<String, Set<String>> granted = new HashMap<>();
		Set<String> topics = new HashSet<>();
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("k8s/overlays/production/kafka.yaml"))) {
			for (Object document : new Yaml().loadAll(reader)) {
				Map<?, ?> object = (Map<?, ?>) document;
				String name = (String) ((Map<?, ?>) object.get("metadata")).get("name");
				Map<?, ?> spec = (Map<?, ?>) object.get("spec");
				if ("KafkaTopic".equals(object.get("kind"))) {
					topics.add(name);
				}
				if ("KafkaUser".equals(object.get("kind"))) {
					Set<String> acls = new HashSet<>();
					for (Object acl : (List<?>) ((Map<?, ?>) spec.get("authorization")).get("acls")) {
						Map<?, ?> resource = (Map<?, ?>) ((Map<?, ?>) acl).get("resource");
						for (Object operation : (List<?>) ((Map<?, ?>) acl).get("operations")) {
							acls.add(resource.get("type") + " " + resource.get("name") + " "
									+ resource.get("patternType") + " " + operation);
						}
					}
					granted.put(name, acls);
				}
			}
		}

		assertThat(granted).isEqualTo(expectedAcls());
		assertThat(topics).containsExactlyInAnyOrderElementsOf(KafkaAccess.topics());
	}

	@Test
	void everyConsumerGroupMayWriteItsReplayTopicsAndNoOtherServicesTopic() {
		for (Service service : Service.apis()) {
			KafkaAccess.Principal principal = KafkaAccess.of(service);
			Set<String> written = principal.acls()
				.stream()
				.filter((acl) -> acl.pattern().resourceType() == ResourceType.TOPIC
						&& acl.entry().operation() == AclOperation.WRITE)
				.map((acl) -> acl.pattern().name())
				.collect(Collectors.toSet());
			Set<String> own = new HashSet<>(principal.writes());
			principal.consumes().forEach((consumed) -> {
				own.add(consumed.deadLetterTopic());
				own.add(consumed.replayTopic());
			});
			assertThat(written).as(principal.name()).isEqualTo(own);
			assertThat(principal.consumes()).allSatisfy((consumed) -> {
				assertThat(consumed.replayTopic()).isEqualTo(consumed.topic() + "." + consumed.group() + ".replay");
				assertThat(KafkaAccess.topics()).contains(consumed.replayTopic());
			});
		}
		// The forged price change of issue 12: only the inventory service writes its
		// topic, a replay topic of the order service's catalogue notwithstanding.
		assertThat(Service.apis())
			.filteredOn((service) -> KafkaAccess.of(service)
				.acls()
				.stream()
				.anyMatch((acl) -> acl.pattern().name().equals(InventoryEvent.TOPIC)
						&& acl.entry().operation() == AclOperation.WRITE))
			.containsExactly(Service.INVENTORY);
	}

	private static Map<String, Set<String>> expectedAcls() {
		Map<String, Set<String>> expected = new HashMap<>();
		for (Service service : Service.apis()) {
			KafkaAccess.Principal principal = KafkaAccess.of(service);
			expected.put(principal.name(),
					principal.acls().stream().map(KafkaAccessTest::strimzi).collect(Collectors.toSet()));
		}
		return expected;
	}

	/** An ACL as Strimzi's KafkaUser spells it. */
	private static String strimzi(AclBinding acl) {
		String type = switch (acl.pattern().resourceType()) {
			case TOPIC -> "topic";
			case GROUP -> "group";
			case TRANSACTIONAL_ID -> "transactionalId";
			default -> throw new IllegalArgumentException(acl.toString());
		};
		String pattern = (acl.pattern().patternType() == PatternType.PREFIXED) ? "prefix" : "literal";
		String operation = acl.entry().operation().name().toLowerCase(Locale.ROOT);
		return type + " " + acl.pattern().name() + " " + pattern + " " + Character.toUpperCase(operation.charAt(0))
				+ operation.substring(1);
	}

}
