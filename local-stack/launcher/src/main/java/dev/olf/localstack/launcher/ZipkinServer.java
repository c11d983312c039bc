package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Zipkin's server as a process of its own, the trace backend of {@code ./run-local
 * --tracing}: the executable jar from Maven Central (the launcher's build copies it into
 * {@code local-stack/launcher/target/zipkin}), keeping spans in memory, its UI and API on
 * one port. The services send their spans to {@link #spansEndpoint()}.
 */
final class ZipkinServer implements AutoCloseable {

	static final String NAME = "zipkin";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path jar;

	private final int port;

	private final Path logFile;

	private final @Nullable PrintStream console;

	private volatile @Nullable Process process;

	private volatile boolean started;

	ZipkinServer(Path jar, int port, Path logFile, @Nullable PrintStream console) {
		this.jar = jar;
		this.port = port;
		this.logFile = logFile;
		this.console = console;
	}

	/**
	 * @param repositoryRoot the checkout
	 * @return where the launcher's build put Zipkin's executable jar
	 * @throws IllegalStateException if it is not there
	 */
	static Path jar(Path repositoryRoot) {
		Path jar = repositoryRoot.resolve("local-stack/launcher/target/zipkin/zipkin-server.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No Zipkin server in " + jar
					+ ": build first with ./mvnw -DskipTests -pl local-stack/launcher -am package");
		}
		return jar;
	}

	/**
	 * Starts the server (again) and waits until it answers.
	 * @param timeout how long to wait
	 */
	void start(Duration timeout) {
		launch();
		awaitReady(timeout);
	}

	/**
	 * Starts the server (again) without waiting for it.
	 */
	void launch() {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xms32m",
				"-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", this.jar.toString(), "--server.port=" + this.port));
		try {
			Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
			ServiceProcess.pipeOutput(started, NAME, this.logFile, this.started, this.console);
			this.process = started;
			this.started = true;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start Zipkin: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Waits until the server answers.
	 * @param timeout how long to wait
	 * @throws IllegalStateException if it exits or the time runs out first
	 */
	void awaitReady(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		HttpRequest health = HttpRequest.newBuilder(url().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
		Process running = running();
		while (Instant.now().isBefore(deadline)) {
			if (!running.isAlive()) {
				throw new IllegalStateException(
						"Zipkin exited with code " + running.exitValue() + " before it was ready; see " + this.logFile);
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
				throw new IllegalStateException("Interrupted while waiting for Zipkin", ex);
			}
			try {
				running.waitFor(250, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Zipkin", ex);
			}
		}
		throw new IllegalStateException("Zipkin was not ready within " + timeout + "; see " + this.logFile);
	}

	/**
	 * @return the UI and API, e.g. {@code http://127.0.0.1:9411}
	 */
	URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * @return where the services send their spans (Zipkin's v2 JSON API)
	 */
	URI spansEndpoint() {
		return url().resolve("/api/v2/spans");
	}

	long pid() {
		return running().pid();
	}

	CompletableFuture<Integer> onExit() {
		return running().onExit().thenApply(Process::exitValue);
	}

	private Process running() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException("Zipkin has not been started");
		}
		return running;
	}

	/**
	 * Stops the server; the spans it kept in memory are gone.
	 */
	@Override
	public void close() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		running.destroy();
		try {
			if (!running.waitFor(20, TimeUnit.SECONDS)) {
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
