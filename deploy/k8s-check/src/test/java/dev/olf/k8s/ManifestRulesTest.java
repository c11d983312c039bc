package dev.olf.k8s;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link ManifestRules} hold for every overlay, and each of them finds what
 * breaks it in {@code broken/rules.yaml}.
 */
class ManifestRulesTest {

	static List<String> overlays() {
		return Manifests.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyServiceDeploymentKeepsTheRules(String overlay) {
		List<JsonNode> objects = Manifests.render(overlay);
		assertThat(objects).filteredOn((object) -> object.path("kind").asString().equals("Deployment"))
			.extracting((object) -> object.path("metadata").path("name").asString())
			.containsExactlyInAnyOrder("auth-service", "customer-service", "order-service", "inventory-service",
					"olf-stats-service");
		assertThat(ManifestRules.violations(objects)).isEmpty();
	}

	@Test
	void everyRuleFindsItsViolationInABrokenManifest() {
		List<String> violations = ManifestRules.violations(Manifests.resource("broken/rules.yaml"));
		Set<String> broken = violations.stream()
			.map((violation) -> violation.substring(1, violation.indexOf(']')))
			.collect(Collectors.toSet());
		assertThat(broken).as("rules broken in %s", violations).isEqualTo(ManifestRules.RULES);
		assertThat(violations).contains(
				"[probes] Deployment order-service: livenessProbe must be an HTTP GET of /actuator/health/liveness, is "
						+ "{\"httpGet\":{\"path\":\"/actuator/health\",\"port\":\"http\"}}",
				"[probes] Deployment order-service: readinessProbe asks port 8080, the service listens on 8082",
				"[resources] Deployment order-service: memory limit 512 MiB leaves 153 MiB beside a heap of 358 MiB; "
						+ "needs at least 192",
				"[security] Deployment order-service: runAsUser must be a numeric user other than root",
				"[security] Deployment order-service: readOnlyRootFilesystem must be true",
				"[security] Deployment order-service: allowPrivilegeEscalation must be false",
				"[security] Deployment order-service: a read-only root filesystem needs an emptyDir on /tmp (Tomcat, Kafka)",
				"[service-links] Deployment order-service: enableServiceLinks must be false (other Services' names "
						+ "would inject variables such as KAFKA_PORT)",
				"[ports] Deployment order-service: container ports [8080], application.yml has server.port 8082",
				"[environment] Deployment order-service: SPRING_KAFKA_BOOTSTRAP_SERVER binds no property order-service has",
				"[environment] Deployment order-service: SPRING_APPLICATION_JSON sets spring.http.serviceclients.customer-service.base-url, which order-service does not bind",
				"[environment] Deployment order-service: connects to database customers, application.yml to orders",
				"[monitoring] Deployment order-service: no ServiceMonitor scrapes /actuator/prometheus of Service "
						+ "order-service (order-service)",
				"[disruption] Deployment order-service: runs several pods but no PodDisruptionBudget keeps one of them");
	}

	@Test
	void memoryQuantitiesReadAsKubernetesWritesThem() {
		assertThat(ManifestRules.parseBytes("768Mi")).isEqualTo(768L << 20);
		assertThat(ManifestRules.parseBytes("1Gi")).isEqualTo(1L << 30);
		assertThat(ManifestRules.parseBytes("1G")).isEqualTo(1_000_000_000L);
		assertThat(ManifestRules.parseBytes("805306368")).isEqualTo(805306368L);
	}

}
