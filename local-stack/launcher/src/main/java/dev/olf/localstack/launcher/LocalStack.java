package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.olf.localstack.KafkaBroker;
import dev.olf.localstack.PortCheck;
import dev.olf.localstack.PostgresServer;

/**
 * The whole system on one machine: a Kafka broker and a PostgreSQL server from Maven
 * artifacts, and each service as a process against them. Used by the launcher and by the
 * whole-system tests alike.
 */
public final class LocalStack implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private final LaunchOptions options;

	private final @Nullable PrintStream console;

	private final KafkaBroker kafka;

	private final PostgresServer postgres;

	private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

	private LocalStack(LaunchOptions options, @Nullable PrintStream console) {
		this.options = options;
		this.console = console;
		this.kafka = new KafkaBroker(options.kafkaPort(), options.dataDirectory().resolve("kafka"));
		this.postgres = PostgresServer.durable(options.postgresPort(), options.dataDirectory().resolve("postgres"));
	}

	/**
	 * Starts everything and waits until every service is ready.
	 * @param options what to start where
	 * @param console where service output goes behind a prefix, or {@code null} for the
	 * log files only
	 * @return the running stack
	 */
	public static LocalStack start(LaunchOptions options, @Nullable PrintStream console) {
		checkPortsFree(options);
		LocalStack stack = new LocalStack(options, console);
		try {
			stack.startInfrastructure();
			stack.startServices(List.of(Service.values()));
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private static void checkPortsFree(LaunchOptions options) {
		PortCheck.requireFree(options.kafkaPort(), "Kafka", "--kafka-port");
		PortCheck.requireFree(options.postgresPort(), "PostgreSQL", "--postgres-port");
		options.servicePorts()
			.forEach((service, port) -> PortCheck.requireFree(port, service.module(), service.portOption()));
	}

	private void startInfrastructure() {
		this.postgres.start();
		this.kafka.start();
		for (Service service : Service.values()) {
			this.postgres.createDatabaseIfMissing(service.database());
		}
	}

	/**
	 * Starts services (in parallel) and waits until they are ready.
	 * @param toStart the services
	 */
	public void startServices(List<Service> toStart) {
		List<ServiceProcess> started = new ArrayList<>();
		for (Service service : toStart) {
			ServiceProcess process = startService(service);
			this.services.put(service, process);
			started.add(process);
		}
		CompletableFuture
			.allOf(started.stream()
				.map((process) -> CompletableFuture.runAsync(() -> process.awaitReady(READY_TIMEOUT)))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	private ServiceProcess startService(Service service) {
		Path jar = RepositoryRoot.executableJar(this.options.repositoryRoot(), service);
		List<String> arguments = new ArrayList<>(
				List.of("--spring.datasource.url=" + this.postgres.jdbcUrl(service.database()),
						"--spring.datasource.username=" + this.postgres.username(),
						"--spring.datasource.password=" + this.postgres.password(),
						"--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers()));
		// Where the others are, for queries that compose across services (e.g. order
		// details): Spring's HTTP service client groups are named after the modules.
		this.options.servicePorts()
			.forEach((other, port) -> arguments
				.add("--spring.http.serviceclient." + other.module() + ".base-url=http://127.0.0.1:" + port));
		arguments.addAll(this.options.argumentsOf(service));
		Path logFile = this.options.dataDirectory().resolve("logs").resolve(service.module() + ".log");
		try {
			return ServiceProcess.start(service, this.options.servicePorts().get(service), jar,
					this.options.jvmOptions(), arguments, logFile, this.console);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + service.module() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Stops one service, e.g. to show what the system does while a participant is away.
	 * @param service the service
	 */
	public void stopService(Service service) {
		ServiceProcess process = this.services.remove(service);
		if (process != null) {
			process.close();
		}
	}

	public URI url(Service service) {
		ServiceProcess process = this.services.get(service);
		if (process == null) {
			throw new IllegalStateException(service.module() + " is not running");
		}
		return process.url();
	}

	public Map<Service, ServiceProcess> services() {
		return Map.copyOf(this.services);
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public String jdbcUrl(Service service) {
		return this.postgres.jdbcUrl(service.database());
	}

	public LaunchOptions options() {
		return this.options;
	}

	/**
	 * Stops the services, then Kafka and PostgreSQL.
	 */
	@Override
	public void close() {
		List<CompletableFuture<Void>> stopping = this.services.values()
			.stream()
			.map((process) -> CompletableFuture.runAsync(process::close))
			.toList();
		CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
		this.services.clear();
		this.kafka.stop();
		this.postgres.stop();
	}

}
