package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.jspecify.annotations.Nullable;

import dev.olf.localstack.KafkaBroker;
import dev.olf.localstack.PortCheck;
import dev.olf.localstack.PostgresServer;

/**
 * The whole system on one machine: a Kafka broker and a PostgreSQL server from Maven
 * artifacts (and Zipkin's server when asked), and each service as one or more processes
 * against them, all under a {@link Supervisor} that restarts whatever exits unexpectedly.
 * Used by the launcher and by the whole-system tests alike.
 */
public final class LocalStack implements AutoCloseable {

	/**
	 * Generous: on a machine shared with builds a service has taken more than three
	 * minutes to start. A service that cannot start at all exits, and that is reported at
	 * once.
	 */
	private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

	private static final String KAFKA = "kafka";

	private static final String POSTGRES = "postgresql";

	private final LaunchOptions options;

	private final @Nullable PrintStream console;

	private final KafkaCredentials kafkaCredentials;

	private final KafkaBroker kafka;

	private final PostgresServer postgres;

	/** The trace backend, when asked for (--tracing). */
	private final @Nullable ZipkinServer zipkin;

	private final Supervisor supervisor;

	private final Map<Service, List<Instance>> services = new EnumMap<>(Service.class);

	/**
	 * Instances started before in this stack's life: their log files are continued, so
	 * what they said before a crash or a stop is kept.
	 */
	private final Set<String> launched = ConcurrentHashMap.newKeySet();

	/** Readiness after a restart is told, not waited for. */
	private final ExecutorService readiness = Executors.newVirtualThreadPerTaskExecutor();

	private LocalStack(LaunchOptions options, @Nullable PrintStream console) {
		this.options = options;
		this.console = console;
		this.kafkaCredentials = KafkaCredentials.of(options.dataDirectory());
		this.kafka = KafkaBroker.secured(options.kafkaPort(), options.dataDirectory().resolve("kafka"), console,
				this.kafkaCredentials.admin());
		this.postgres = PostgresServer.durable(options.postgresPort(), options.dataDirectory().resolve("postgres"),
				options.bindAddress());
		this.zipkin = (options.zipkinPort() != null) ? new ZipkinServer(ZipkinServer.jar(options.repositoryRoot()),
				options.zipkinPort(), options.dataDirectory().resolve("logs").resolve("zipkin.log"), console) : null;
		this.supervisor = new Supervisor(Supervisor.Backoff.DEFAULT, this::say);
	}

	/**
	 * Starts everything and waits until every service instance is ready.
	 * @param options what to start where
	 * @param console where service output goes behind a prefix, and what the supervisor
	 * restarts, or {@code null} for the log files only
	 * @return the running stack
	 */
	public static LocalStack start(LaunchOptions options, @Nullable PrintStream console) {
		checkPortsFree(options);
		LocalStack stack = new LocalStack(options, console);
		try {
			stack.startInfrastructure();
			stack.startServices(List.of(Service.values()));
			stack.superviseZipkin();
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
		if (options.zipkinPort() != null) {
			PortCheck.requireFree(options.zipkinPort(), "Zipkin", "--zipkin-port");
		}
		for (Service service : Service.values()) {
			for (int instance = 1; instance <= options.instancesOf(service); instance++) {
				PortCheck.requireFree(options.portOf(service, instance), options.nameOf(service, instance),
						service.portOption());
			}
		}
	}

	private void startInfrastructure() {
		this.postgres.start();
		this.kafka.start();
		grantKafkaAccess();
		for (Service service : Service.apis()) {
			this.postgres.createDatabaseWithOwner(service.database());
		}
		this.supervisor.supervise(POSTGRES, new Supervisor.Restartable() {

			@Override
			public CompletableFuture<@Nullable Integer> onExit() {
				return LocalStack.this.postgres.onExit().thenApply((ended) -> null);
			}

			@Override
			public void restart() {
				LocalStack.this.postgres.start();
				say(POSTGRES + " is ready again (pid " + LocalStack.this.postgres.pid() + ")");
			}

		});
		superviseKafka();
		// Zipkin starts beside the services (they do not need it to start): it is waited
		// for once they are ready, so it costs no time on the way.
		if (this.zipkin != null) {
			this.zipkin.launch();
		}
	}

	private void superviseZipkin() {
		ZipkinServer zipkin = this.zipkin;
		if (zipkin != null) {
			zipkin.awaitReady(READY_TIMEOUT);
			this.supervisor.supervise(ZipkinServer.NAME, new Supervisor.Restartable() {

				@Override
				public CompletableFuture<@Nullable Integer> onExit() {
					return zipkin.onExit().thenApply((code) -> code);
				}

				@Override
				public void restart() {
					zipkin.start(READY_TIMEOUT);
					say(ZipkinServer.NAME + " is ready again at " + zipkin.url() + "/zipkin/ (pid " + zipkin.pid()
							+ "); the traces it had are gone");
				}

			});
		}
	}

	/**
	 * On every start, so that a data directory from before, a new topic or a changed ACL
	 * is brought up to date.
	 */
	private void grantKafkaAccess() {
		// Kafka loads its login modules through the thread's context class loader, which
		// must see the launcher jar's nested libraries.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(LocalStack.class.getClassLoader());
		try (Admin admin = Admin.create(this.kafka.adminProperties())) {
			KafkaAccess.grant(admin, this.kafkaCredentials.services());
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private void superviseKafka() {
		this.supervisor.supervise(KAFKA, new Supervisor.Restartable() {

			@Override
			public CompletableFuture<@Nullable Integer> onExit() {
				return LocalStack.this.kafka.onExit().thenApply((code) -> code);
			}

			@Override
			public void restart() {
				LocalStack.this.kafka.start();
				say(KAFKA + " is ready again (pid " + LocalStack.this.kafka.pid() + ")");
			}

		});
	}

	/**
	 * Starts services (every instance, in parallel), waits until they are ready, and
	 * restarts them from then on when they exit.
	 * @param toStart the services
	 * @throws IllegalStateException if one of them is running
	 */
	public void startServices(List<Service> toStart) {
		synchronized (this.services) {
			toStart.stream().filter(this.services::containsKey).findFirst().ifPresent((running) -> {
				throw new IllegalStateException(running.module() + " is running already");
			});
		}
		List<Instance> started = new ArrayList<>();
		for (Service service : toStart) {
			List<Instance> instances = new ArrayList<>();
			for (int number = 1; number <= this.options.instancesOf(service); number++) {
				instances.add(new Instance(service, number));
			}
			synchronized (this.services) {
				this.services.put(service, List.copyOf(instances));
			}
			started.addAll(instances);
		}
		CompletableFuture
			.allOf(started.stream()
				.map((instance) -> CompletableFuture.runAsync(() -> instance.process.awaitReady(READY_TIMEOUT),
						this.readiness))
				.toArray(CompletableFuture[]::new))
			.join();
		// Supervised once ready: a service that cannot start at all fails the launch
		// instead of being restarted for ever.
		started.forEach((instance) -> this.supervisor.supervise(instance.name, instance));
	}

	/**
	 * Stops every instance of a service on purpose, e.g. to show what the system does
	 * while a participant is away; they are not restarted.
	 * @param service the service
	 */
	public void stopService(Service service) {
		List<Instance> instances;
		synchronized (this.services) {
			instances = this.services.remove(service);
		}
		if (instances != null) {
			instances.forEach((instance) -> this.supervisor.stop(instance.name, () -> instance.process.close()));
		}
	}

	/**
	 * Stops Kafka on purpose; it is not restarted until {@link #startKafka()}.
	 */
	public void stopKafka() {
		this.supervisor.stop(KAFKA, this.kafka::stop);
	}

	/**
	 * Starts Kafka again after {@link #stopKafka()} and supervises it again.
	 */
	public void startKafka() {
		this.kafka.start();
		superviseKafka();
	}

	/**
	 * @return the authorization server's URL, also the issuer its tokens name
	 */
	public URI authUrl() {
		return URI.create("http://" + this.options.connectHost() + ":" + this.options.portOf(Service.AUTH, 1));
	}

	/**
	 * @param service a service
	 * @return the URL of its first instance
	 */
	public URI url(Service service) {
		return instances(service).get(0).url();
	}

	/**
	 * @param service a service
	 * @return the process of each of its instances now, in instance order
	 * @throws IllegalStateException if it is not running
	 */
	public List<ServiceProcess> instances(Service service) {
		List<Instance> instances;
		synchronized (this.services) {
			instances = this.services.get(service);
		}
		if (instances == null) {
			throw new IllegalStateException(service.module() + " is not running");
		}
		return instances.stream().map((instance) -> instance.process).toList();
	}

	/**
	 * @return the process of every running service instance now, by service and instance
	 */
	public List<ServiceProcess> instances() {
		List<Instance> all = new ArrayList<>();
		synchronized (this.services) {
			this.services.values().forEach(all::addAll);
		}
		return all.stream().map((instance) -> instance.process).toList();
	}

	/**
	 * @return the Kafka broker's process id, e.g. to kill it in a test
	 */
	public long kafkaPid() {
		return this.kafka.pid();
	}

	/**
	 * @return PostgreSQL's postmaster's process id
	 */
	public long postgresPid() {
		return this.postgres.pid();
	}

	/**
	 * @return what the supervisor restarted so far, a line each, as on the console
	 */
	public List<String> supervisorReports() {
		return this.supervisor.reports();
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/**
	 * @return client settings of the broker's administrator, a super user: e.g. for a
	 * test that must put any record on any topic
	 */
	public Map<String, Object> kafkaAdminProperties() {
		return this.kafka.adminProperties();
	}

	/**
	 * @param service a service
	 * @return client settings that authenticate as that service's principal, as the
	 * service itself does
	 */
	public Map<String, Object> kafkaProperties(Service service) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers());
		properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
		properties.put(SaslConfigs.SASL_JAAS_CONFIG,
				KafkaBroker.jaas("org.apache.kafka.common.security.scram.ScramLoginModule", service.module(),
						this.kafkaCredentials.of(service), ""));
		return properties;
	}

	public String jdbcUrl(Service service) {
		return this.postgres.jdbcUrl(service.database());
	}

	/**
	 * @return Zipkin's UI and API when the stack runs a trace backend
	 */
	public Optional<URI> zipkinUrl() {
		return Optional.ofNullable(this.zipkin).map(ZipkinServer::url);
	}

	/**
	 * @return the Zipkin server's process id, when there is one
	 */
	public Optional<Long> zipkinPid() {
		return Optional.ofNullable(this.zipkin).map(ZipkinServer::pid);
	}

	/**
	 * @param service a service
	 * @return the password of the role the service logs in as, named after its database
	 */
	public String databasePassword(Service service) {
		return this.postgres.password(service.database());
	}

	/**
	 * @return the file with the PostgreSQL roles' passwords, readable by its owner only
	 */
	public Path postgresPasswordFile() {
		return this.postgres.passwordFile();
	}

	/**
	 * @return the PostgreSQL superuser's name and password, for tests and tools that
	 * administer the server
	 */
	public Map.Entry<String, String> postgresSuperuser() {
		return Map.entry(this.postgres.username(), this.postgres.password());
	}

	/**
	 * Connects to a database of the stack's PostgreSQL, creating it if missing: for
	 * measurements beside the services' own databases, e.g. the benchmark's references.
	 * @param database the name, letters, digits and underscores only
	 * @return a new connection
	 * @throws SQLException if PostgreSQL cannot be reached
	 */
	public Connection connect(String database) throws SQLException {
		this.postgres.createDatabaseIfMissing(database);
		return DriverManager.getConnection(this.postgres.jdbcUrl(database), this.postgres.username(),
				this.postgres.password());
	}

	public LaunchOptions options() {
		return this.options;
	}

	/**
	 * Stops the services, then Kafka and PostgreSQL; nothing is restarted any more.
	 */
	@Override
	public void close() {
		this.supervisor.close();
		List<Instance> all = new ArrayList<>();
		synchronized (this.services) {
			this.services.values().forEach(all::addAll);
			this.services.clear();
		}
		CompletableFuture
			.allOf(all.stream()
				.map((instance) -> CompletableFuture.runAsync(() -> instance.process.close(), this.readiness))
				.toArray(CompletableFuture[]::new))
			.join();
		this.readiness.shutdownNow();
		this.kafka.stop();
		this.postgres.stop();
		if (this.zipkin != null) {
			this.zipkin.close();
		}
	}

	private void say(String line) {
		if (this.console != null) {
			this.console.println(line);
		}
	}

	/**
	 * One instance of a service: its process is replaced when the supervisor restarts it.
	 */
	private final class Instance implements Supervisor.Restartable {

		private final Service service;

		private final int number;

		private final String name;

		private volatile ServiceProcess process;

		Instance(Service service, int number) {
			this.service = service;
			this.number = number;
			this.name = LocalStack.this.options.nameOf(service, number);
			this.process = launch();
		}

		@Override
		public CompletableFuture<@Nullable Integer> onExit() {
			return this.process.onExit().thenApply((code) -> code);
		}

		@Override
		public void restart() {
			ServiceProcess started = launch();
			this.process = started;
			CompletableFuture.runAsync(() -> {
				started.awaitReady(READY_TIMEOUT);
				say(this.name + " is ready again at " + started.url() + " (pid " + started.pid() + ")");
			}, LocalStack.this.readiness).exceptionally((notReady) -> null);
		}

		private ServiceProcess launch() {
			LaunchOptions options = LocalStack.this.options;
			PostgresServer postgres = LocalStack.this.postgres;
			Path jar = RepositoryRoot.executableJar(options.repositoryRoot(), this.service);
			List<String> arguments = new ArrayList<>();
			Map<String, String> environment = Map.of();
			String issuer = authUrl().toString();
			if (this.service.hasApi()) {
				arguments.addAll(List.of("--spring.datasource.url=" + postgres.jdbcUrl(this.service.database()),
						"--spring.kafka.bootstrap-servers=" + LocalStack.this.kafka.bootstrapServers(),
						"--olf.auth.issuer=" + issuer,
						// The same name after every restart: its consumers are static
						// members and take their partitions back at once.
						"--olf.messaging.consumer.instance-id=" + this.name));
				// Each service logs in as the owner of its own database, never as the
				// superuser; passwords go in the environment, which only this user can
				// read, not in the arguments, which ps shows to everyone. shared-web's
				// ServiceDefaults turns the Kafka user into SASL/SCRAM.
				environment = Map.of("SPRING_DATASOURCE_USERNAME", this.service.database(),
						"SPRING_DATASOURCE_PASSWORD", postgres.password(this.service.database()), "OLF_KAFKA_USERNAME",
						this.service.module(), "OLF_KAFKA_PASSWORD", LocalStack.this.kafkaCredentials.of(this.service));
				// Where the others are, for queries that compose across services (e.g.
				// order details): Spring's HTTP service client groups are named after the
				// modules. The first instance of each; a load balancer would spread these
				// calls.
				Service.apis()
					.forEach((other) -> arguments.add("--spring.http.serviceclient." + other.module()
							+ ".base-url=http://" + options.connectHost() + ":" + options.portOf(other, 1)));
			}
			else {
				arguments.add("--spring.security.oauth2.authorizationserver.issuer=" + issuer);
			}
			ZipkinServer zipkin = LocalStack.this.zipkin;
			if (zipkin != null) {
				arguments.add("--management.tracing.export.zipkin.enabled=true");
				arguments.add("--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint());
			}
			arguments.addAll(options.argumentsOf(this.service));
			Path logFile = options.dataDirectory().resolve("logs").resolve(this.name + ".log");
			try {
				return ServiceProcess.start(this.service, this.name, options.bindAddress(), options.connectHost(),
						options.portOf(this.service, this.number), jar, options.jvmOptions(), arguments, environment,
						logFile, !LocalStack.this.launched.add(this.name), LocalStack.this.console);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + this.name + ": " + ex.getMessage(), ex);
			}
		}

	}

}
