package dev.olf.localstack.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.olf.localstack.ClientCredentials;
import dev.olf.localstack.PortCheck;

/**
 * The project's real authorization server (auth-service's executable jar) as a process of
 * its own on a free port, once per test JVM, for tests of a single service that need real
 * tokens: a browser that logs in, a client that calls over HTTP. Build auth-service first
 * (a module that uses this depends on it, so the reactor does).
 */
public final class AuthServer {

	/** The machine client of the local stack, with every scope. */
	public static final String CLIENT_ID = ClientCredentials.LOCAL_CLIENT_ID;

	/** Its LOCAL-DEVELOPMENT secret, the default in auth-service's application.yml. */
	public static final String CLIENT_SECRET = ClientCredentials.LOCAL_CLIENT_SECRET;

	/** The dashboard's local user and its LOCAL-DEVELOPMENT password. */
	public static final String USER = "demo";

	public static final String PASSWORD = "olf-local-dev-only";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static @Nullable AuthServer shared;

	private final Process process;

	private final int port;

	private final Map<String, ClientCredentials> tokens = new ConcurrentHashMap<>();

	private AuthServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * @return the server of this JVM, started on first use and stopped when the JVM ends
	 */
	public static synchronized AuthServer shared() {
		if (shared == null) {
			AuthServer started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started.process::destroy, "auth-server-shutdown"));
			shared = started;
		}
		return shared;
	}

	private static AuthServer start() {
		int port = PortCheck.freePort();
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-jar",
				executableJar().toString(), "--server.port=" + port,
				"--spring.security.oauth2.authorizationserver.issuer=http://127.0.0.1:" + port));
		try {
			Path log = Files.createTempFile("auth-server", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			AuthServer server = new AuthServer(process, port);
			server.awaitReady(log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path executableJar() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException("Not inside the repository checkout: cannot find auth-service's jar");
		}
		Path target = directory.resolve("auth-service").resolve("target");
		try (Stream<Path> jars = Files.list(target)) {
			return jars.filter((jar) -> jar.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No executable jar in " + target
						+ ": build auth-service first (./mvnw -pl auth-service package)"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No executable jar in " + target + ": build auth-service first", ex);
		}
	}

	private void awaitReady(Path log) {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("auth-service exited before it was ready; see " + log);
			}
			try {
				if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				this.process.waitFor(250, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		this.process.destroy();
		throw new IllegalStateException("auth-service was not ready within 2 minutes; see " + log);
	}

	/**
	 * @return where it listens, also the issuer its tokens name
	 */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * A token of {@link #CLIENT_ID} for some scopes (client credentials), kept until a
	 * minute before it expires.
	 * @param scopes the scopes, at least one
	 * @return the access token
	 */
	public String token(String... scopes) {
		return this.tokens
			.computeIfAbsent(String.join(" ", scopes),
					(scope) -> new ClientCredentials(URI.create(url()), CLIENT_ID, CLIENT_SECRET, scope))
			.token();
	}

}
