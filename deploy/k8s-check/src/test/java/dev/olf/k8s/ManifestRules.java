package dev.olf.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service's Deployment needs to survive a real cluster, checked on the objects an
 * overlay renders. Each violation is one line that starts with its rule's name in
 * brackets, e.g. {@code [probes] Deployment order-service: ...}.
 */
final class ManifestRules {

	/** The rules, by the name their violations start with. */
	static final Set<String> RULES = Set.of("probes", "resources", "security", "service-links", "ports", "environment",
			"monitoring", "disruption");

	/**
	 * The image sizes the heap as a share of the memory limit ({@code Dockerfile}:
	 * {@code -XX:MaxRAMPercentage=70}); what is left holds metaspace, thread stacks, the
	 * code cache and buffers.
	 */
	static final double HEAP_SHARE = 0.70;

	/** The least a service needs beside its heap. */
	static final long MIN_NON_HEAP_BYTES = 192L << 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	private static final Pattern JDBC_DATABASE = Pattern.compile("^jdbc:postgresql://[^/]+/([^?]+)");

	private final List<JsonNode> objects;

	private final List<String> violations = new ArrayList<>();

	private ManifestRules(List<JsonNode> objects) {
		this.objects = objects;
	}

	/**
	 * @param objects what an overlay renders
	 * @return every violation of every rule
	 */
	static List<String> violations(List<JsonNode> objects) {
		ManifestRules rules = new ManifestRules(objects);
		for (JsonNode deployment : rules.ofKind("Deployment")) {
			Optional<ServiceSettings> service = ServiceSettings.of(name(deployment));
			if (service.isEmpty()) {
				rules.violation("ports", deployment, "no service module of that name holds an application.yml");
				continue;
			}
			rules.checkDeployment(deployment, service.get());
		}
		return rules.violations;
	}

	private void checkDeployment(JsonNode deployment, ServiceSettings service) {
		JsonNode pod = deployment.path("spec").path("template").path("spec");
		JsonNode container = pod.path("containers").path(0);
		int port = service.serverPort();
		checkProbes(deployment, container, port);
		checkResources(deployment, container);
		checkSecurity(deployment, pod, container);
		if (!pod.path("enableServiceLinks").isBoolean() || pod.path("enableServiceLinks").asBoolean()) {
			violation("service-links", deployment,
					"enableServiceLinks must be false (other Services' names would inject variables such as KAFKA_PORT)");
		}
		checkPorts(deployment, container, service);
		checkEnvironment(deployment, container, service);
		checkMonitoring(deployment, service);
		checkDisruption(deployment);
	}

	private void checkProbes(JsonNode deployment, JsonNode container, int port) {
		Map<String, String> wanted = Map.of("livenessProbe", "/actuator/health/liveness", "readinessProbe",
				"/actuator/health/readiness");
		wanted.forEach((probe, path) -> {
			JsonNode get = container.path(probe).path("httpGet");
			if (!path.equals(get.path("path").asString())) {
				violation("probes", deployment,
						probe + " must be an HTTP GET of " + path + ", is " + container.path(probe));
			}
			else if (containerPort(container, get.path("port")) != port) {
				violation("probes", deployment,
						probe + " asks port " + get.path("port") + ", the service listens on " + port);
			}
		});
	}

	private void checkResources(JsonNode deployment, JsonNode container) {
		JsonNode resources = container.path("resources");
		Long limit = bytes(resources.path("limits").path("memory"));
		Long request = bytes(resources.path("requests").path("memory"));
		if (limit == null || request == null || resources.path("requests").path("cpu").isMissingNode()) {
			violation("resources", deployment, "needs requests of memory and cpu and a memory limit, has " + resources);
			return;
		}
		if (request > limit) {
			violation("resources", deployment, "requests more memory than its limit");
		}
		long heap = heapBytes(container, limit);
		if (limit - heap < MIN_NON_HEAP_BYTES) {
			violation("resources", deployment, "memory limit " + (limit >> 20) + " MiB leaves " + ((limit - heap) >> 20)
					+ " MiB beside a heap of " + (heap >> 20) + " MiB; needs at least " + (MIN_NON_HEAP_BYTES >> 20));
		}
	}

	/**
	 * The heap a container gets: {@code -Xmx} or {@code -XX:MaxRAMPercentage} in
	 * {@code JAVA_TOOL_OPTIONS} (which overrides the image's), else the image's share.
	 */
	private static long heapBytes(JsonNode container, long limit) {
		String options = env(container).getOrDefault("JAVA_TOOL_OPTIONS", "");
		Matcher xmx = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(options);
		if (xmx.find()) {
			String unit = xmx.group(2).toUpperCase();
			return parseBytes(xmx.group(1) + (unit.isEmpty() ? "" : unit + "i"));
		}
		Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(options);
		double share = percentage.find() ? Double.parseDouble(percentage.group(1)) / 100 : HEAP_SHARE;
		return (long) (limit * share);
	}

	private void checkSecurity(JsonNode deployment, JsonNode pod, JsonNode container) {
		JsonNode podSecurity = pod.path("securityContext");
		if (!podSecurity.path("runAsNonRoot").asBoolean(false)) {
			violation("security", deployment, "runAsNonRoot must be true");
		}
		if (!podSecurity.path("runAsUser").isIntegralNumber() || podSecurity.path("runAsUser").asLong() <= 0) {
			violation("security", deployment, "runAsUser must be a numeric user other than root");
		}
		JsonNode security = container.path("securityContext");
		if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
			violation("security", deployment, "readOnlyRootFilesystem must be true");
		}
		if (!security.path("allowPrivilegeEscalation").isBoolean()
				|| security.path("allowPrivilegeEscalation").asBoolean()) {
			violation("security", deployment, "allowPrivilegeEscalation must be false");
		}
		boolean dropsAll = StreamSupport.stream(security.path("capabilities").path("drop").spliterator(), false)
			.anyMatch((capability) -> capability.asString().equals("ALL"));
		if (!dropsAll) {
			violation("security", deployment, "capabilities must drop ALL");
		}
		Set<String> emptyDirs = StreamSupport.stream(pod.path("volumes").spliterator(), false)
			.filter((volume) -> volume.has("emptyDir"))
			.map((volume) -> volume.path("name").asString())
			.collect(Collectors.toSet());
		boolean writableTmp = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
			.anyMatch((mount) -> mount.path("mountPath").asString().equals("/tmp")
					&& emptyDirs.contains(mount.path("name").asString()));
		if (!writableTmp) {
			violation("security", deployment, "a read-only root filesystem needs an emptyDir on /tmp (Tomcat, Kafka)");
		}
	}

	private void checkPorts(JsonNode deployment, JsonNode container, ServiceSettings service) {
		int port = service.serverPort();
		List<Integer> ports = StreamSupport.stream(container.path("ports").spliterator(), false)
			.map((p) -> p.path("containerPort").asInt())
			.toList();
		if (!ports.equals(List.of(port))) {
			violation("ports", deployment, "container ports " + ports + ", application.yml has server.port " + port);
		}
		String serverPort = env(container).get("SERVER_PORT");
		if (serverPort != null && !serverPort.equals(String.valueOf(port))) {
			violation("ports", deployment, "SERVER_PORT " + serverPort + ", application.yml has " + port);
		}
		String annotated = deployment.path("spec")
			.path("template")
			.path("metadata")
			.path("annotations")
			.path("prometheus.io/port")
			.asString(null);
		if (annotated != null && !annotated.equals(String.valueOf(port))) {
			violation("ports", deployment, "prometheus.io/port " + annotated + ", the service listens on " + port);
		}
		List<JsonNode> services = servicesOf(deployment);
		if (services.isEmpty()) {
			violation("ports", deployment, "no Service selects its pods");
		}
		for (JsonNode svc : services) {
			for (JsonNode servicePort : svc.path("spec").path("ports")) {
				if (servicePort.path("port").asInt() != port
						|| containerPort(container, servicePort.path("targetPort")) != port) {
					violation("ports", deployment,
							describe(svc) + " serves " + servicePort + ", the service listens on " + port);
				}
			}
		}
	}

	private void checkEnvironment(JsonNode deployment, JsonNode container, ServiceSettings service) {
		Map<String, String> env = env(container);
		Set<String> referenced = env.values()
			.stream()
			.flatMap((value) -> REFERENCE.matcher(value).results().map((match) -> match.group(1)))
			.collect(Collectors.toSet());
		env.forEach((name, value) -> {
			if (name.equals("SPRING_APPLICATION_JSON")) {
				JSON.readTree(value)
					.properties()
					.stream()
					.map(Map.Entry::getKey)
					.filter((property) -> !service.knows(property))
					.forEach((property) -> violation("environment", deployment, "SPRING_APPLICATION_JSON sets "
							+ property + ", which " + service.name() + " does not bind"));
			}
			else if (!referenced.contains(name) && !name.equals("JAVA_TOOL_OPTIONS")
					&& !service.bindsEnvironmentVariable(name)) {
				violation("environment", deployment, name + " binds no property " + service.name() + " has");
			}
		});
		String url = env.get("SPRING_DATASOURCE_URL");
		Optional<String> own = service.setting("spring.datasource.url");
		if (url != null && own.isPresent()) {
			String database = database(url);
			if (!database.equals(database(own.get()))) {
				violation("environment", deployment,
						"connects to database " + database + ", application.yml to " + database(own.get()));
			}
		}
	}

	/**
	 * Where the Prometheus Operator runs (an overlay with ServiceMonitors), every
	 * service's Service is scraped by a ServiceMonitor on its port at
	 * {@code /actuator/prometheus}, if the service exposes that endpoint.
	 */
	private void checkMonitoring(JsonNode deployment, ServiceSettings service) {
		List<JsonNode> monitors = ofKind("ServiceMonitor");
		boolean exposesMetrics = service.setting("management.endpoints.web.exposure.include")
			.filter((exposed) -> exposed.contains("prometheus"))
			.isPresent();
		if (monitors.isEmpty() || !exposesMetrics) {
			return;
		}
		for (JsonNode svc : servicesOf(deployment)) {
			boolean scraped = monitors.stream()
				.filter((monitor) -> selects(monitor.path("spec").path("selector").path("matchLabels"),
						svc.path("metadata").path("labels")))
				.flatMap((monitor) -> StreamSupport.stream(monitor.path("spec").path("endpoints").spliterator(), false))
				.anyMatch((endpoint) -> endpoint.path("path").asString().equals("/actuator/prometheus")
						&& StreamSupport.stream(svc.path("spec").path("ports").spliterator(), false)
							.anyMatch((p) -> p.path("name").asString().equals(endpoint.path("port").asString())));
			if (!scraped) {
				violation("monitoring", deployment, "no ServiceMonitor scrapes /actuator/prometheus of " + describe(svc)
						+ " (" + service.name() + ")");
			}
		}
	}

	/**
	 * A service that runs more than one pod (replicas or an autoscaler) keeps one during
	 * a node drain: a PodDisruptionBudget selects its pods.
	 */
	private void checkDisruption(JsonNode deployment) {
		boolean scaled = deployment.path("spec").path("replicas").asInt(1) > 1 || ofKind("HorizontalPodAutoscaler")
			.stream()
			.anyMatch(
					(hpa) -> hpa.path("spec").path("scaleTargetRef").path("name").asString().equals(name(deployment)));
		if (!scaled) {
			return;
		}
		JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
		boolean budgeted = ofKind("PodDisruptionBudget").stream()
			.anyMatch((pdb) -> selects(pdb.path("spec").path("selector").path("matchLabels"), labels)
					&& (pdb.path("spec").path("minAvailable").asInt(0) >= 1 || pdb.path("spec").has("maxUnavailable")));
		if (!budgeted) {
			violation("disruption", deployment, "runs several pods but no PodDisruptionBudget keeps one of them");
		}
	}

	private List<JsonNode> servicesOf(JsonNode deployment) {
		JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
		return ofKind("Service").stream()
			.filter((svc) -> !svc.path("spec").path("selector").isEmpty()
					&& selects(svc.path("spec").path("selector"), labels))
			.toList();
	}

	private static boolean selects(JsonNode selector, JsonNode labels) {
		return !selector.isEmpty() && selector.properties()
			.stream()
			.allMatch((entry) -> entry.getValue().asString().equals(labels.path(entry.getKey()).asString(null)));
	}

	/**
	 * @return the number a probe's or Service's port means for the container: a number,
	 * or the containerPort of a named port; -1 when it names none
	 */
	private static int containerPort(JsonNode container, JsonNode port) {
		if (port.isIntegralNumber()) {
			return port.asInt();
		}
		for (JsonNode declared : container.path("ports")) {
			if (declared.path("name").asString().equals(port.asString())) {
				return declared.path("containerPort").asInt();
			}
		}
		return -1;
	}

	private static Map<String, String> env(JsonNode container) {
		Map<String, String> env = new LinkedHashMap<>();
		for (JsonNode variable : container.path("env")) {
			env.put(variable.path("name").asString(), variable.path("value").asString(""));
		}
		return env;
	}

	private static String database(String jdbcUrl) {
		Matcher matcher = JDBC_DATABASE.matcher(jdbcUrl);
		return matcher.find() ? matcher.group(1) : jdbcUrl;
	}

	private static Long bytes(JsonNode quantity) {
		return (quantity.isMissingNode() || quantity.isNull()) ? null : parseBytes(quantity.asString());
	}

	/**
	 * @param quantity a Kubernetes memory quantity such as {@code 768Mi}, {@code 1Gi} or
	 * {@code 805306368}
	 */
	static long parseBytes(String quantity) {
		Matcher matcher = Pattern.compile("^(\\d+)([KMGT]i?)?$").matcher(quantity.strip());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a memory quantity: " + quantity);
		}
		long value = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "";
		long base = unit.endsWith("i") ? 1024 : 1000;
		int power = unit.isEmpty() ? 0 : "KMGT".indexOf(unit.charAt(0)) + 1;
		for (int i = 0; i < power; i++) {
			value *= base;
		}
		return value;
	}

	private List<JsonNode> ofKind(String kind) {
		return this.objects.stream().filter((object) -> object.path("kind").asString().equals(kind)).toList();
	}

	private static String name(JsonNode object) {
		return object.path("metadata").path("name").asString();
	}

	private static String describe(JsonNode object) {
		return Manifests.describe(object);
	}

	private void violation(String rule, JsonNode object, String what) {
		this.violations.add("[" + rule + "] " + describe(object) + ": " + what);
	}

}
