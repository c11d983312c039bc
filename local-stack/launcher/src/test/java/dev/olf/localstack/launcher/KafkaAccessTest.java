package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.Reader;
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
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

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

		Map<String, Set<String>> expected = new HashMap<>();
		for (Service service : Service.apis()) {
			KafkaAccess.Principal principal = KafkaAccess.of(service);
			expected.put(principal.name(),
					principal.acls().stream().map(KafkaAccessTest::strimzi).collect(Collectors.toSet()));
		}
		assertThat(granted).isEqualTo(expected);
		assertThat(topics).containsExactlyInAnyOrderElementsOf(KafkaAccess.topics());
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
