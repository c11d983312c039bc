package dev.olf.localstack;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local stack promises that a restart keeps everything; these prove it for both
 * servers.
 */
class LocalInfrastructureTest {

	@TempDir
	Path data;

	@Test
	void kafkaKeepsItsRecordsAcrossARestart() throws Exception {
		KafkaBroker broker = new KafkaBroker(PortCheck.freePort(), this.data.resolve("kafka"));
		String topic = "restart-" + UUID.randomUUID();
		try {
			broker.start();
			send(broker, topic, "before the restart");
			broker.stop();
			assertThat(broker.isRunning()).isFalse();

			broker.start();

			assertThat(readAll(broker, topic, 1)).containsExactly("before the restart");
		}
		finally {
			broker.stop();
		}
	}

	@Test
	void kafkaIsAProcessOfItsOwnThatKeepsItsRecordsThroughAKill() throws Exception {
		KafkaBroker broker = new KafkaBroker(PortCheck.freePort(), this.data.resolve("kafka"));
		String topic = "kill-" + UUID.randomUUID();
		try {
			broker.start();
			long first = broker.pid();
			assertThat(first).isNotEqualTo(ProcessHandle.current().pid());
			assertThat(ProcessHandle.of(first).flatMap((process) -> process.parent()).map(ProcessHandle::pid))
				.contains(ProcessHandle.current().pid());
			send(broker, topic, "before the kill");
			CompletableFuture<Integer> exit = broker.onExit();

			broker.kill();

			assertThat(broker.isRunning()).isFalse();
			assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(137);
			assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
			broker.start();
			assertThat(broker.pid()).isNotEqualTo(first);
			send(broker, topic, "after the kill");
			assertThat(readAll(broker, topic, 2)).containsExactly("before the kill", "after the kill");
		}
		finally {
			broker.stop();
		}
	}

	@Test
	void kafkaEndsWhenTheProcessThatStartedItIsKilled() throws Exception {
		// A JVM that starts a broker and then waits: killing it must not leave the broker
		// behind holding the port and the log directory.
		int port = PortCheck.freePort();
		List<String> command = ChildJava.command(List.of(), BrokerOwner.class.getName());
		command.addAll(List.of(String.valueOf(port), this.data.resolve("owned").toString()));
		Process owner = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.data.resolve("owner.log").toFile())
			.start();
		try {
			await().atMost(Duration.ofMinutes(2)).until(() -> !PortCheck.isFree(port));
			ProcessHandle broker = owner.children().filter(ProcessHandle::isAlive).findFirst().orElseThrow();

			owner.destroyForcibly().waitFor();

			await().atMost(Duration.ofSeconds(45)).until(() -> !broker.isAlive());
			assertThat(PortCheck.isFree(port)).isTrue();
		}
		finally {
			owner.descendants().forEach(ProcessHandle::destroyForcibly);
			owner.destroyForcibly();
		}
	}

	@Test
	void aDurableServerFlushesEveryCommitToDisk() {
		PostgresServer postgres = PostgresServer.durable(PortCheck.freePort(), this.data.resolve("durable"));
		try {
			postgres.start();

			assertThat(postgres.setting("fsync")).isEqualTo("on");
			assertThat(postgres.setting("synchronous_commit")).isEqualTo("on");
			assertThat(postgres.setting("full_page_writes")).isEqualTo("on");
		}
		finally {
			postgres.stop();
		}
	}

	@Test
	void aThrowAwayServerSkipsTheFlushes() {
		PostgresServer postgres = PostgresServer.throwAway(PortCheck.freePort(), this.data.resolve("throw-away"));
		try {
			postgres.start();

			assertThat(postgres.setting("fsync")).isEqualTo("off");
			assertThat(postgres.setting("synchronous_commit")).isEqualTo("off");
		}
		finally {
			postgres.stop();
		}
	}

	@Test
	void postgresKeepsItsDatabasesAcrossARestart() throws SQLException {
		PostgresServer postgres = PostgresServer.durable(PortCheck.freePort(), this.data.resolve("postgres"));
		try {
			postgres.start();
			postgres.createDatabaseIfMissing("kept");
			execute(postgres, "create table note (text varchar(40)); insert into note values ('before the restart')");
			postgres.stop();

			postgres.start();
			postgres.createDatabaseIfMissing("kept");

			try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), postgres.username(),
					postgres.password());
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select text from note")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo("before the restart");
			}
		}
		finally {
			postgres.stop();
		}
	}

	@Test
	void postgresComesBackWithItsDataAfterAKill() throws SQLException {
		PostgresServer postgres = PostgresServer.durable(PortCheck.freePort(), this.data.resolve("killed"));
		try {
			postgres.start();
			postgres.createDatabaseIfMissing("kept");
			execute(postgres, "create table note (text varchar(40)); insert into note values ('before the kill')");
			long postmaster = postgres.pid();

			postgres.kill();

			assertThat(postgres.isRunning()).isFalse();
			postgres.start();
			assertThat(postgres.pid()).isNotEqualTo(postmaster);
			try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), postgres.username(),
					postgres.password());
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select text from note")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo("before the kill");
			}
		}
		finally {
			postgres.stop();
		}
	}

	private static void execute(PostgresServer postgres, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void send(KafkaBroker broker, String topic, String value) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "key", value)).get(60, TimeUnit.SECONDS);
		}
	}

	private static List<String> readAll(KafkaBroker broker, String topic, int expected) {
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
				broker.bootstrapServers(), "group.id", "reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
				return values.size() >= expected;
			});
		}
		return values;
	}

}
