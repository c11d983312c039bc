package dev.olf.localstack.launcher.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What the servers under the saga can do at most, measured on the same servers in the
 * same run: single-row commits on the stack's PostgreSQL (with its durable settings), and
 * records of about the size of an event produced to the stack's Kafka with
 * {@code acks=all} by an idempotent producer, the way the outbox relays produce.
 */
final class References {

	static final String DATABASE = "benchmark";

	static final String TOPIC = "benchmark.reference";

	static final int RECORD_SIZE = 400;

	private References() {
	}

	/**
	 * Commits one-row inserts, each its own transaction, from several connections at
	 * once.
	 * @param connections opens a connection to the benchmark's database
	 * @param clients how many connections commit at once
	 * @param duration how long
	 * @return commits per second
	 */
	static double postgresCommits(ConnectionSource connections, int clients, Duration duration) {
		try (Connection connection = connections.open(); Statement create = connection.createStatement()) {
			create.execute("create table if not exists reference_commit (id bigserial primary key, "
					+ "client int not null, payload text not null, at timestamptz not null default now())");
			create.execute("truncate reference_commit");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare the PostgreSQL reference: " + ex.getMessage(), ex);
		}
		AtomicLong commits = new AtomicLong();
		long end = System.nanoTime() + duration.toNanos();
		long start = System.nanoTime();
		try (ExecutorService executor = Executors.newFixedThreadPool(clients)) {
			List<Future<?>> running = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int number = client;
				running.add(executor.submit(() -> {
					try (Connection connection = connections.open();
							PreparedStatement insert = connection
								.prepareStatement("insert into reference_commit (client, payload) values (?, ?)")) {
						connection.setAutoCommit(true);
						String payload = "x".repeat(RECORD_SIZE);
						while (System.nanoTime() - end < 0) {
							insert.setInt(1, number);
							insert.setString(2, payload);
							insert.executeUpdate();
							commits.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The PostgreSQL reference failed: " + ex.getCause().getMessage(), ex);
		}
		return commits.get() / ((System.nanoTime() - start) / 1e9);
	}

	/**
	 * Produces records as fast as the producer's batching allows (at most 10,000 waiting
	 * for their acknowledgement).
	 * @param clients the Kafka clients
	 * @param duration how long
	 * @return acknowledged records per second
	 */
	static double kafkaThroughput(KafkaClients clients, Duration duration) {
		createTopic(clients);
		Semaphore inFlight = new Semaphore(10_000);
		AtomicLong acknowledged = new AtomicLong();
		AtomicReference<Exception> failure = new AtomicReference<>();
		byte[] value = new byte[RECORD_SIZE];
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
			long sequence = 0;
			while (System.nanoTime() - end < 0 && failure.get() == null) {
				inFlight.acquireUninterruptibly();
				producer.send(new ProducerRecord<>(TOPIC, key(sequence++), value), (metadata, exception) -> {
					inFlight.release();
					if (exception != null) {
						failure.compareAndSet(null, exception);
					}
					else {
						acknowledged.incrementAndGet();
					}
				});
			}
			producer.flush();
		}
		Optional.ofNullable(failure.get()).ifPresent((exception) -> {
			throw new IllegalStateException("The Kafka reference failed: " + exception.getMessage(), exception);
		});
		return acknowledged.get() / ((System.nanoTime() - start) / 1e9);
	}

	/**
	 * Produces one record at a time, each waiting for its acknowledgement: the round trip
	 * a relay pays for a lone event.
	 * @param clients the Kafka clients
	 * @param duration how long
	 * @return acknowledged records per second
	 */
	static double kafkaOneAtATime(KafkaClients clients, Duration duration) {
		createTopic(clients);
		byte[] value = new byte[RECORD_SIZE];
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long acknowledged = 0;
		try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
			while (System.nanoTime() - end < 0) {
				producer.send(new ProducerRecord<>(TOPIC, key(acknowledged), value)).get(30, TimeUnit.SECONDS);
				acknowledged++;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("The Kafka reference failed: " + ex.getMessage(), ex);
		}
		return acknowledged / ((System.nanoTime() - start) / 1e9);
	}

	private static byte[] key(long sequence) {
		return Long.toString(sequence % 1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * A topic of three partitions, as the event topics have on the local broker.
	 */
	private static void createTopic(KafkaClients clients) {
		try (Admin admin = clients.admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty())))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create topic " + TOPIC + ": " + ex.getMessage(), ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Could not create topic " + TOPIC + " within 30 s", ex);
		}
	}

	/**
	 * Opens connections to the benchmark's database on the stack's PostgreSQL.
	 */
	@FunctionalInterface
	interface ConnectionSource {

		Connection open() throws SQLException;

	}

}
