package dev.olf.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes manifests of the repository, rendered the way {@code kubectl apply -k}
 * renders them: by {@code kubectl kustomize}, one list of objects per overlay.
 * <p>
 * Without a kubectl whose kustomize reads the overlays (v5 or newer) the tests that need
 * it are skipped with a message saying so ({@code .ci/run} installs kubectl where apt
 * offers it; Debian's own kubernetes-client is too old).
 */
final class Manifests {

	static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

	private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v(\\d+)");

	private static volatile String kubectlProblem;

	private Manifests() {
	}

	/**
	 * @return the checkout's root: the directory holding {@code k8s/}
	 */
	static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !(Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("No k8s/ above " + Path.of("").toAbsolutePath());
		}
		return dir;
	}

	/**
	 * @return the names of the overlays under {@code k8s/overlays}
	 */
	static List<String> overlays() {
		try (Stream<Path> dirs = Files.list(repositoryRoot().resolve("k8s/overlays"))) {
			return dirs.filter(Files::isDirectory).map((dir) -> dir.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param overlay an overlay's name
	 * @return every object {@code kubectl kustomize} renders for it
	 */
	static List<JsonNode> render(String overlay) {
		requireKubectl();
		return RENDERED.computeIfAbsent(overlay, (name) -> parse(
				kubectl("kustomize", repositoryRoot().resolve("k8s/overlays").resolve(name).toString())));
	}

	/**
	 * @param yaml one or more YAML documents
	 * @return each document, empty ones left out
	 */
	static List<JsonNode> parse(String yaml) {
		List<JsonNode> objects = new ArrayList<>();
		try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
			while (documents.hasNextValue()) {
				JsonNode document = documents.nextValue();
				if (document != null && document.isObject()) {
					objects.add(document);
				}
			}
		}
		return objects;
	}

	/**
	 * @param resource a classpath resource holding YAML documents
	 * @return each document
	 */
	static List<JsonNode> resource(String resource) {
		try (InputStream in = Manifests.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + resource);
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param object a rendered object
	 * @return e.g. {@code Deployment order-service}
	 */
	static String describe(JsonNode object) {
		return object.path("kind").asString() + " " + object.path("metadata").path("name").asString();
	}

	private static void requireKubectl() {
		String problem = kubectlProblem();
		if (problem == null) {
			return;
		}
		Assumptions.abort(problem + ": the manifests are not checked here");
	}

	private static synchronized String kubectlProblem() {
		if (kubectlProblem == null) {
			try {
				String version = kubectl("version", "--client", "-o", "json");
				Matcher kustomize = KUSTOMIZE_VERSION.matcher(version);
				kubectlProblem = (kustomize.find() && Integer.parseInt(kustomize.group(1)) >= 5) ? ""
						: "kubectl's kustomize is older than v5 and cannot read the overlays: " + version.strip();
			}
			catch (IllegalStateException ex) {
				kubectlProblem = "No kubectl: " + ex.getMessage();
			}
		}
		return kubectlProblem.isEmpty() ? null : kubectlProblem;
	}

	private static String kubectl(String... arguments) {
		List<String> command = new ArrayList<>(List.of("kubectl"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
			process.getOutputStream().close();
			byte[] out = process.getInputStream().readAllBytes();
			String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + err.strip());
			}
			return new String(out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(String.join(" ", command) + " could not run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
