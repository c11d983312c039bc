package dev.olf.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.jspecify.annotations.Nullable;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), run as a child
 * process from the official {@code kafka_2.13} artifact ({@code kafka.Kafka} with a
 * generated {@code server.properties}). Its log directory survives a restart, so topics,
 * offsets and transactions are still there afterwards; being a process of its own, it can
 * be stopped, killed and started again while the JVM that owns it goes on.
 * <p>
 * The child ends when its parent does, however the parent ends (see
 * {@link KafkaServerMain}). No shutdown hook stops it here: the owner stops it in the
 * order it needs (the launcher after the services, the tests after the Spring contexts
 * have closed their clients), and a hook of its own would race that order.
 * <p>
 * The generated configuration is written next to the log directory as
 * {@code kafka.properties}, and the broker's output goes to {@code logs/kafka.log} beside
 * it.
 * <p>
 * A {@link #secured secured} broker requires SASL on every listener and authorizes every
 * request with Kafka's {@code StandardAuthorizer}: only its administrator
 * ({@value #ADMIN_USER}, a super user that authenticates with SASL/PLAIN against the
 * password in its configuration) may do anything until ACLs say otherwise, clients
 * authenticate with SCRAM-SHA-512 credentials the administrator creates, and producing to
 * an unknown topic does not create it. PLAIN for the administrator because KRaft cannot
 * use SCRAM between broker and controller, and SCRAM credentials live in the metadata
 * that the administrator has to write first. Without it the broker is PLAINTEXT and open,
 * for the services' integration tests.
 */
public final class KafkaBroker {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	/** A local broker needs little heap; four services share the machine with it. */
	private static final List<String> JVM_OPTIONS = jvmOptions();

	private static final int TAIL_LINES = 40;

	/** The principal of the broker itself and of whoever administers it. */
	public static final String ADMIN_USER = "admin";

	/** The listener of clients and of the broker itself; the controller has its own. */
	private static final String CLIENTS = "CLIENTS";

	private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

	/**
	 * util-linux's {@code setsid}, which execs the command in place (the child of a JVM
	 * is no process group leader), so the pid stays the broker's.
	 */
	private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
		.map(Path::of)
		.filter(Files::isExecutable)
		.findFirst();

	private final int port;

	private final Path dataDirectory;

	private final @Nullable PrintStream console;

	private final @Nullable String adminPassword;

	private final Deque<String> tail = new ArrayDeque<>();

	private @Nullable Process process;

	/**
	 * A broker whose output goes to its log file only.
	 * @param port the port clients connect to
	 * @param dataDirectory the log directory, kept across restarts
	 */
	public KafkaBroker(int port, Path dataDirectory) {
		this(port, dataDirectory, null);
	}

	/**
	 * A broker whose output also goes to a console, behind a prefix.
	 * @param port the port clients connect to
	 * @param dataDirectory the log directory, kept across restarts
	 * @param console where to show the broker's output, or {@code null} for the log file
	 * only
	 */
	public KafkaBroker(int port, Path dataDirectory, @Nullable PrintStream console) {
		this(port, dataDirectory, console, null);
	}

	private KafkaBroker(int port, Path dataDirectory, @Nullable PrintStream console, @Nullable String adminPassword) {
		this.port = port;
		this.dataDirectory = dataDirectory.toAbsolutePath();
		this.console = console;
		this.adminPassword = adminPassword;
	}

	/**
	 * A broker that requires SASL and authorizes every request (see the class comment).
	 * @param port the port clients connect to
	 * @param dataDirectory the log directory, kept across restarts
	 * @param console where to show the broker's output, or {@code null} for the log file
	 * only
	 * @param adminPassword the password of {@value #ADMIN_USER}
	 * @return the broker, not started
	 */
	public static KafkaBroker secured(int port, Path dataDirectory, @Nullable PrintStream console,
			String adminPassword) {
		return new KafkaBroker(port, dataDirectory, console, adminPassword);
	}

	/**
	 * Formats the log directory if it is new, starts the broker process and waits until
	 * it answers. Does nothing if it is running.
	 * @throws IllegalStateException if the broker does not become ready; the process is
	 * then killed
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		for (int attempt = 1;; attempt++) {
			int controllerPort = PortCheck.freePort();
			Path configFile = writeConfig(config(controllerPort));
			formatIfNew(configFile);
			Process started = startProcess(ChildJava.command(JVM_OPTIONS, KafkaServerMain.class.getName()), configFile);
			this.process = started;
			try {
				awaitReady(started);
				return;
			}
			catch (RuntimeException ex) {
				kill();
				// The controller's port was free when chosen, but the broker's JVM binds
				// it seconds later; on a busy machine another process's connection may
				// have taken it by then. Nobody chose it, so another is as good.
				if (attempt == 3 || !tail().contains("failed to bind to 127.0.0.1:" + controllerPort)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Stops the broker cleanly (as {@code SIGTERM} does) and keeps its data; kills it if
	 * it has not stopped within a minute.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		running.destroy();
		try {
			if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				running.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Kills the broker as {@code kill -9} does, for tests of what a crash leaves behind.
	 * The next {@link #start()} recovers the log directory.
	 */
	public synchronized void kill() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		try {
			running.destroyForcibly().waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * @return whether the broker process is alive; {@code false} after it was stopped,
	 * killed or has died
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * @return the broker process's id
	 * @throws IllegalStateException if it was never started or was stopped
	 */
	public synchronized long pid() {
		return running().pid();
	}

	/**
	 * The end of the process started last, for a supervisor.
	 * @return completes with the exit code when that process ends, however it ends
	 * @throws IllegalStateException if it was never started or was stopped
	 */
	public synchronized CompletableFuture<Integer> onExit() {
		return running().onExit().thenApply(Process::exitValue);
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * What a client needs to connect as the administrator, a super user on a secured
	 * broker: the bootstrap servers and, if secured, the SASL settings.
	 * @return client settings for a producer, consumer or admin client
	 */
	public Map<String, Object> adminProperties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		if (this.adminPassword != null) {
			properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
			properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
			properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(PLAIN_LOGIN, ADMIN_USER, this.adminPassword, ""));
		}
		return properties;
	}

	/**
	 * A JAAS login module line with a user name and password, quoted as JAAS wants.
	 * @param loginModule the login module's class
	 * @param username the user
	 * @param password the password
	 * @param more further options, e.g. a PLAIN server's {@code user_<name>="<password>"}
	 * @return the value of {@code sasl.jaas.config}
	 */
	public static String jaas(String loginModule, String username, String password, String more) {
		return loginModule + " required username=" + quoted(username) + " password=" + quoted(password)
				+ (more.isEmpty() ? "" : " " + more) + ";";
	}

	private static String quoted(String value) {
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	public int port() {
		return this.port;
	}

	private Process running() {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException("Kafka on port " + this.port + " is not running");
		}
		return running;
	}

	private static List<String> jvmOptions() {
		List<String> options = new ArrayList<>(
				List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
		// Kafka's clients free buffers through sun.misc.Unsafe, which Java 24 and later
		// warn about on every start; the option does not exist before Java 23.
		if (Runtime.version().feature() >= 23) {
			options.add("--sun-misc-unsafe-memory-access=allow");
		}
		return List.copyOf(options);
	}

	private Properties config(int controllerPort) {
		Properties config = new Properties();
		config.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
				Map.entry("listeners",
						CLIENTS + "://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controllerPort),
				Map.entry("advertised.listeners", CLIENTS + "://127.0.0.1:" + this.port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("listener.security.protocol.map", CLIENTS + ":PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("inter.broker.listener.name", CLIENTS), Map.entry("log.dirs", this.dataDirectory.toString()),
				// One node: internal topics cannot have more than one replica.
				Map.entry("offsets.topic.replication.factor", "1"), Map.entry("offsets.topic.num.partitions", "5"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"), Map.entry("transaction.state.log.num.partitions", "5"),
				Map.entry("share.coordinator.state.topic.replication.factor", "1"),
				Map.entry("share.coordinator.state.topic.min.isr", "1"), Map.entry("num.partitions", "3"),
				// Projections are rebuilt by replaying topics from the beginning.
				Map.entry("log.retention.ms", "-1"), Map.entry("group.initial.rebalance.delay.ms", "0")));
		if (this.adminPassword != null) {
			config.putAll(security(this.adminPassword));
		}
		return config;
	}

	/**
	 * SASL on both listeners, the administrator as a PLAIN user and the only super user,
	 * SCRAM-SHA-512 for everybody else, and no topics created on first use.
	 */
	private static Map<String, String> security(String adminPassword) {
		String plain = jaas(PLAIN_LOGIN, ADMIN_USER, adminPassword, "user_" + ADMIN_USER + "=" + quoted(adminPassword));
		return Map.ofEntries(
				Map.entry("listener.security.protocol.map", CLIENTS + ":SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"),
				Map.entry("listener.name.clients.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN"),
				Map.entry("listener.name.clients.plain.sasl.jaas.config", plain),
				Map.entry("listener.name.clients.scram-sha-512.sasl.jaas.config",
						"org.apache.kafka.common.security.scram.ScramLoginModule required;"),
				Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
				Map.entry("listener.name.controller.plain.sasl.jaas.config", plain),
				Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
				Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
				Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
				Map.entry("super.users", "User:" + ADMIN_USER), Map.entry("allow.everyone.if.no.acl.found", "false"),
				Map.entry("auto.create.topics.enable", "false"));
	}

	private Path writeConfig(Properties config) {
		Path file = this.dataDirectory.resolveSibling("kafka.properties");
		try {
			Files.createDirectories(this.dataDirectory);
			try (Writer writer = Files.newBufferedWriter(file)) {
				config.store(writer, "Written by KafkaBroker on every start; changes are overwritten");
			}
			if (this.adminPassword != null) {
				ownerOnly(file);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write Kafka's configuration " + file, ex);
		}
	}

	/** The configuration holds the administrator's password. */
	private static void ownerOnly(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system (Windows): the user's profile protects it.
		}
	}

	private void formatIfNew(Path configFile) {
		if (Files.exists(this.dataDirectory.resolve("meta.properties"))) {
			return;
		}
		List<String> command = ChildJava.command(JVM_OPTIONS, "kafka.tools.StorageTool");
		command
			.addAll(List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()));
		try {
			Process format = new ProcessBuilder(command).redirectErrorStream(true).start();
			format.getOutputStream().close();
			String output = new String(format.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (format.waitFor() != 0) {
				throw new IllegalStateException(
						"Could not format Kafka's log directory " + this.dataDirectory + ":\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run Kafka's storage tool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while formatting Kafka's log directory", ex);
		}
	}

	private Process startProcess(List<String> command, Path configFile) {
		Path logFile = this.dataDirectory.resolveSibling("logs").resolve("kafka.log");
		try {
			Files.createDirectories(logFile.getParent());
			List<String> withConfig = new ArrayList<>();
			// Ctrl-C in a terminal signals the whole foreground process group; in a
			// session of its own the broker waits for its owner to stop it after the
			// services, as PostgreSQL does (pg_ctl starts it the same way).
			SETSID.ifPresent((setsid) -> withConfig.add(setsid.toString()));
			withConfig.addAll(command);
			withConfig.add(configFile.toString());
			Process started = new ProcessBuilder(withConfig).redirectErrorStream(true).start();
			// Standard input stays open and unused: KafkaServerMain ends the broker when
			// it closes, that is when this JVM is gone.
			Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
			synchronized (this.tail) {
				this.tail.clear();
			}
			Thread.ofPlatform().name("kafka-output").daemon().start(() -> copyOutput(started, log));
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Kafka: " + ex.getMessage(), ex);
		}
	}

	private void copyOutput(Process started, Writer log) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8)); log) {
			String line;
			while ((line = reader.readLine()) != null) {
				log.write(line);
				log.write('\n');
				log.flush();
				synchronized (this.tail) {
					if (this.tail.size() == TAIL_LINES) {
						this.tail.removeFirst();
					}
					this.tail.addLast(line);
				}
				if (this.console != null) {
					this.console.println("kafka     | " + line);
				}
			}
		}
		catch (IOException ex) {
			// The process ended; nothing more to show.
		}
	}

	private void awaitReady(Process started) {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		// An admin client would log a warning for every refused connection while the JVM
		// starts; a bare socket does not.
		while (!isListening()) {
			try {
				if (started.waitFor(200, TimeUnit.MILLISECONDS) || Instant.now().isAfter(deadline)) {
					break;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
			}
		}
		// Kafka loads the classes its configuration names through the thread's context
		// class loader. A restart runs on a thread that may have the JVM's class loader,
		// which in the launcher's jar cannot see the nested Kafka libraries.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(KafkaBroker.class.getClassLoader());
		try {
			awaitAnswer(started, deadline);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private void awaitAnswer(Process started, Instant deadline) {
		Map<String, Object> properties = adminProperties();
		properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
		try (Admin admin = Admin.create(properties)) {
			while (true) {
				if (!started.isAlive()) {
					throw new IllegalStateException(
							"Kafka exited with " + started.exitValue() + " before it was ready:\n" + tail());
				}
				try {
					admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
					}
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException(
								"Kafka did not become ready on " + bootstrapServers() + ":\n" + tail(), ex);
					}
				}
			}
		}
	}

	private boolean isListening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String tail() {
		synchronized (this.tail) {
			return String.join("\n", this.tail);
		}
	}

}
