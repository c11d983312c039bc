package dev.olf.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The infrastructure every test in this JVM shares, started on first use and stopped when
 * the JVM exits. {@code -Dinfra=containers} runs it on Testcontainers instead.
 */
public final class TestInfrastructure {

	private static @Nullable Infrastructure shared;

	private TestInfrastructure() {
	}

	public static synchronized Infrastructure shared() {
		if (shared == null) {
			shared = "containers".equals(System.getProperty("infra")) ? new ContainerInfrastructure()
					: LocalInfrastructure.start();
		}
		return shared;
	}

	/**
	 * Kafka and PostgreSQL from Maven artifacts on free ports, with throw-away data.
	 */
	static final class LocalInfrastructure implements Infrastructure {

		private final PostgresServer postgres;

		private final KafkaBroker kafka;

		private LocalInfrastructure(Path directory) {
			// Test data dies with the JVM, so the tests trade crash safety for speed. The
			// local stack never does: LocalStack starts PostgresServer.durable.
			this.postgres = PostgresServer.throwAway(PortCheck.freePort(), directory.resolve("postgres"));
			this.kafka = new KafkaBroker(PortCheck.freePort(), directory.resolve("kafka"));
		}

		static LocalInfrastructure start() {
			Path directory = temporaryDirectory();
			LocalInfrastructure infrastructure = new LocalInfrastructure(directory);
			// The broker's process ends by itself once this JVM has exited (see
			// KafkaServerMain). Stopping it in a shutdown hook would race the Spring test
			// contexts, which close in their own hooks and would then wait out their
			// clients' close timeouts against a broker that is gone. PostgreSQL has no
			// such watchdog and must be stopped. The files stay in the build's target
			// folder, which the next clean removes.
			Runtime.getRuntime()
				.addShutdownHook(new Thread(infrastructure.postgres::stop, "test-infrastructure-shutdown"));
			infrastructure.postgres.start();
			infrastructure.kafka.start();
			return infrastructure;
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.bootstrapServers();
		}

		@Override
		public String jdbcUrl(String database) {
			this.postgres.createDatabaseIfMissing(database);
			return this.postgres.jdbcUrl(database);
		}

		@Override
		public String username() {
			return this.postgres.username();
		}

		@Override
		public String password() {
			return this.postgres.password();
		}

		@Override
		public void stopKafka() {
			this.kafka.stop();
		}

		@Override
		public void startKafka() {
			this.kafka.start();
		}

		private static Path temporaryDirectory() {
			try {
				Path target = Path.of("target");
				return Files.isDirectory(target) ? Files.createTempDirectory(target, "test-infrastructure-")
						: Files.createTempDirectory("olf-test-infrastructure-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
