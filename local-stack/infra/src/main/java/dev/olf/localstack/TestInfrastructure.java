package dev.olf.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
			this.postgres = new PostgresServer(PortCheck.freePort(), directory.resolve("postgres"), false);
			this.kafka = new KafkaBroker(PortCheck.freePort(), directory.resolve("kafka"));
		}

		static LocalInfrastructure start() {
			Path directory = temporaryDirectory();
			LocalInfrastructure infrastructure = new LocalInfrastructure(directory);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				infrastructure.kafka.stop();
				infrastructure.postgres.stop();
				delete(directory);
			}, "test-infrastructure-shutdown"));
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
				return Files.createTempDirectory("olf-test-infra");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static void delete(Path directory) {
			try (Stream<Path> paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException ex) {
				// A temporary directory left behind is not worth failing a build for.
			}
		}

	}

}
