package dev.olf.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a service's manifests must agree with: the settings in its {@code application.yml}
 * (and shared-web's {@code service-defaults.yml}, from the classpath), and the properties
 * Spring Boot, the libraries and the project's own auto-configuration declare (their
 * configuration metadata on this module's test classpath, which holds what the services
 * are built from).
 */
final class ServiceSettings {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> PROPERTIES = new HashSet<>();

	/** Properties whose type is a map: any key below them binds. */
	private static final Set<String> MAP_PROPERTIES = new HashSet<>();

	static {
		loadMetadata("META-INF/spring-configuration-metadata.json");
		loadMetadata("META-INF/additional-spring-configuration-metadata.json");
	}

	private final String name;

	private final Map<String, String> settings;

	private ServiceSettings(String name, Map<String, String> settings) {
		this.name = name;
		this.settings = settings;
	}

	/**
	 * @param name a Deployment's name
	 * @return the settings of the service module of that name, if there is one
	 */
	static Optional<ServiceSettings> of(String name) {
		Path root = Manifests.repositoryRoot();
		Path applicationYml = root.resolve(name).resolve("src/main/resources/application.yml");
		if (!name.matches("[a-z-]+") || !Files.isRegularFile(applicationYml)) {
			return Optional.empty();
		}
		Map<String, String> settings = new LinkedHashMap<>();
		flatten("", Manifests.resource("dev/olf/web/service-defaults.yml").get(0), settings);
		flatten("", read(applicationYml), settings);
		return Optional.of(new ServiceSettings(name, settings));
	}

	String name() {
		return this.name;
	}

	/**
	 * @return {@code server.port} of the service's {@code application.yml}
	 */
	int serverPort() {
		return Integer.parseInt(this.settings.get("server.port"));
	}

	/**
	 * @param property a property name
	 * @return its value in the service's configuration files
	 */
	Optional<String> setting(String property) {
		return Optional.ofNullable(this.settings.get(property));
	}

	/**
	 * @param property a property name in canonical form
	 * ({@code spring.kafka.bootstrap-servers})
	 * @return whether the service binds it: declared in configuration metadata, set in
	 * the service's files, or a key below a map-typed property
	 */
	boolean knows(String property) {
		String canonical = canonical(property);
		if (this.settings.keySet().stream().anyMatch((key) -> canonical(key).equals(canonical))
				|| PROPERTIES.contains(canonical)) {
			return true;
		}
		return MAP_PROPERTIES.stream().anyMatch((map) -> canonical.startsWith(map + "."));
	}

	/**
	 * @param variable an environment variable's name, e.g. {@code SPRING_DATASOURCE_URL}
	 * @return whether Spring Boot's relaxed binding maps it to a property the service
	 * binds, or a placeholder in the service's files names it
	 */
	boolean bindsEnvironmentVariable(String variable) {
		String wanted = variable.replace("_", "").toLowerCase();
		// A variable the service's files read themselves, e.g.
		// ${OLF_LOCAL_CLIENT_SECRET:...}.
		if (this.settings.values()
			.stream()
			.anyMatch((value) -> value.contains("${" + variable + ":") || value.contains("${" + variable + "}"))) {
			return true;
		}
		if (this.settings.keySet().stream().anyMatch((key) -> squash(key).equals(wanted))) {
			return true;
		}
		if (PROPERTIES.stream().anyMatch((property) -> squash(property).equals(wanted))) {
			return true;
		}
		return MAP_PROPERTIES.stream().anyMatch((map) -> wanted.startsWith(squash(map)));
	}

	private static String squash(String property) {
		return property.replace(".", "").replace("-", "").toLowerCase();
	}

	private static String canonical(String property) {
		return property.toLowerCase();
	}

	private static void loadMetadata(String resource) {
		try {
			Enumeration<URL> found = ServiceSettings.class.getClassLoader().getResources(resource);
			for (URL url : Collections.list(found)) {
				try (InputStream in = url.openStream()) {
					JsonNode metadata = JSON.readTree(in);
					for (JsonNode property : metadata.path("properties")) {
						String name = canonical(property.path("name").asString());
						PROPERTIES.add(name);
						if (property.path("type").asString().startsWith("java.util.Map<")) {
							MAP_PROPERTIES.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode read(Path yaml) {
		try {
			return Manifests.YAML.readTree(Files.readString(yaml));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
		if (node.isObject()) {
			node.properties()
				.forEach((entry) -> flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(),
						entry.getValue(), into));
		}
		else if (node.isArray()) {
			into.put(prefix, node.toString());
		}
		else {
			into.put(prefix, node.asString());
		}
	}

}
