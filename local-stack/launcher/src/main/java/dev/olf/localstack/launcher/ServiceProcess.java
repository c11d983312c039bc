package dev.olf.localstack.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One instance of a service running as its own JVM: its output goes to the console behind
 * a prefix and to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Service service;

	private final String name;

	private final int port;

	private final Process process;

	private final Thread output;

	private ServiceProcess(Service service, String name, int port, Process process, Thread output) {
		this.service = service;
		this.name = name;
		this.port = port;
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts an instance; does not wait until it is ready.
	 * @param service the service
	 * @param name the instance's name, e.g. {@code order-service-2}
	 * @param port its HTTP port
	 * @param jar the service's executable jar
	 * @param jvmOptions options for its JVM
	 * @param arguments Spring Boot arguments
	 * @param environment variables added to the process's environment, e.g. passwords
	 * @param logFile where its output goes
	 * @param restarted whether it ran before: its log file is then continued, so the
	 * output before a crash is kept
	 * @param console where its output also goes behind a prefix, or {@code null}
	 * @return the running instance
	 * @throws IOException if the process cannot be started
	 */
	static ServiceProcess start(Service service, String name, int port, Path jar, List<String> jvmOptions,
			List<String> arguments, Map<String, String> environment, Path logFile, boolean restarted,
			@Nullable PrintStream console) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaExecutable());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.add("--server.port=" + port);
		command.addAll(arguments);
		Files.createDirectories(logFile.getParent());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String prefix = String.format("%-10s| ", name.replace("-service", ""));
		OpenOption[] mode = restarted
				? new OpenOption[] { StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE }
				: new OpenOption[0];
		Thread output = Thread.ofPlatform().name(name + "-output").daemon().start(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
					Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, mode)) {
				String line;
				while ((line = reader.readLine()) != null) {
					log.write(line);
					log.write('\n');
					log.flush();
					if (console != null) {
						console.println(prefix + line);
					}
				}
			}
			catch (IOException ex) {
				// The process ended; nothing more to show.
			}
		});
		return new ServiceProcess(service, name, port, process, output);
	}

	/**
	 * The JVM that runs the launcher runs the services too, so they get the same Java
	 * version.
	 */
	private static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	public Service service() {
		return this.service;
	}

	/**
	 * @return the instance's name, e.g. {@code order-service-2}
	 */
	public String name() {
		return this.name;
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * @return completes with the exit code when the process ends, however it ends
	 */
	CompletableFuture<Integer> onExit() {
		return this.process.onExit().thenApply(Process::exitValue);
	}

	/**
	 * Waits until the service reports itself ready.
	 * @param timeout how long to wait
	 * @throws IllegalStateException if the process ends or the time runs out first
	 */
	void awaitReady(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		HttpRequest request = HttpRequest.newBuilder(url().resolve("/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with code " + this.process.exitValue()
						+ " before it was ready; see its log");
			}
			try {
				if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
			try {
				this.process.waitFor(250, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
		}
		throw new IllegalStateException(this.name + " was not ready within " + timeout);
	}

	/**
	 * Asks the service to shut down gracefully, and kills it if it has not after 30
	 * seconds.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			this.output.join(2_000);
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
