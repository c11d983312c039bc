package dev.olf.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jspecify.annotations.Nullable;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), running inside
 * this JVM from the official {@code kafka_2.13} artifact. Its log directory survives a
 * restart, so topics, offsets and transactions are still there afterwards.
 */
public final class KafkaBroker {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final int port;

	private final Path dataDirectory;

	private @Nullable KafkaRaftServer server;

	public KafkaBroker(int port, Path dataDirectory) {
		this.port = port;
		this.dataDirectory = dataDirectory.toAbsolutePath();
	}

	/**
	 * Formats the log directory if it is new, starts the broker and waits until it
	 * answers.
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		Properties config = config(PortCheck.freePort());
		formatIfNew(config);
		KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
		started.startup();
		this.server = started;
		awaitReady();
	}

	/**
	 * Stops the broker (a clean shutdown) and keeps its data.
	 */
	public synchronized void stop() {
		KafkaRaftServer running = this.server;
		if (running != null) {
			this.server = null;
			running.shutdown();
			running.awaitShutdown();
		}
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	private Properties config(int controllerPort) {
		Properties config = new Properties();
		config.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
				Map.entry("listeners",
						"PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("inter.broker.listener.name", "PLAINTEXT"),
				Map.entry("log.dirs", this.dataDirectory.toString()),
				// One node: internal topics cannot have more than one replica.
				Map.entry("offsets.topic.replication.factor", "1"), Map.entry("offsets.topic.num.partitions", "5"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"), Map.entry("transaction.state.log.num.partitions", "5"),
				Map.entry("share.coordinator.state.topic.replication.factor", "1"),
				Map.entry("share.coordinator.state.topic.min.isr", "1"), Map.entry("num.partitions", "3"),
				// Projections are rebuilt by replaying topics from the beginning.
				Map.entry("log.retention.ms", "-1"), Map.entry("group.initial.rebalance.delay.ms", "0")));
		return config;
	}

	private void formatIfNew(Properties config) {
		if (Files.exists(this.dataDirectory.resolve("meta.properties"))) {
			return;
		}
		try {
			Files.createDirectories(this.dataDirectory);
			Path file = Files.createTempFile("kafka-format", ".properties");
			try (Writer writer = Files.newBufferedWriter(file)) {
				config.store(writer, "format");
			}
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			int exit = StorageTool.execute(new String[] { "format", "--cluster-id", Uuid.randomUuid().toString(),
					"--config", file.toString() }, new PrintStream(output, true, StandardCharsets.UTF_8));
			Files.delete(file);
			if (exit != 0) {
				throw new IllegalStateException("Could not format Kafka's log directory " + this.dataDirectory + ": "
						+ output.toString(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			while (true) {
				try {
					admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
					return;
				}
				catch (Exception ex) {
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers(), ex);
					}
				}
			}
		}
	}

}
