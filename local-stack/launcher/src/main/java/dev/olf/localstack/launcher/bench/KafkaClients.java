package dev.olf.localstack.launcher.bench;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Every Kafka client the benchmark makes comes from the one configuration here, so that
 * what every connection needs (security settings, say) is added in one place.
 */
final class KafkaClients {

	private final Map<String, Object> connection;

	/**
	 * @param connection where the broker is and how to log in: the stack's administrator,
	 * since the benchmark reads every topic and makes its own
	 */
	KafkaClients(Map<String, Object> connection) {
		this.connection = Map.copyOf(connection);
	}

	/**
	 * @param extra settings of this client on top of the common ones
	 * @return the configuration of a client of the stack's broker
	 */
	Map<String, Object> config(Map<String, Object> extra) {
		Map<String, Object> config = new HashMap<>();
		config.putAll(this.connection);
		config.put("client.id", "olf-benchmark");
		config.putAll(extra);
		return config;
	}

	/**
	 * A consumer without a group, that reads only committed records.
	 */
	KafkaConsumer<byte[], byte[]> consumer() {
		return new KafkaConsumer<>(
				config(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
				new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	Admin admin() {
		return Admin.create(config(Map.of()));
	}

	/**
	 * A producer as the outbox relays configure theirs: idempotent, {@code acks=all}.
	 */
	KafkaProducer<byte[], byte[]> producer() {
		return new KafkaProducer<>(
				config(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

}
