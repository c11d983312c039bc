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
import java.util.UUID;

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
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(),
					new StringSerializer())) {
				producer.send(new ProducerRecord<>(topic, "key", "before the restart")).get();
			}
			broker.stop();
			assertThat(broker.isRunning()).isFalse();

			broker.start();

			assertThat(readAll(broker, topic)).containsExactly("before the restart");
		}
		finally {
			broker.stop();
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

	private static void execute(PostgresServer postgres, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> readAll(KafkaBroker broker, String topic) {
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
				broker.bootstrapServers(), "group.id", "reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
				return !values.isEmpty();
			});
		}
		return values;
	}

}
