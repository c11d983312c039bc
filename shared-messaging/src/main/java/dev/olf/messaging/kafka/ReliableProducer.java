package dev.olf.messaging.kafka;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Producer settings for anything that must not lose or duplicate a record: the outbox
 * relay and the dead-letter publisher.
 */
public final class ReliableProducer {

	private ReliableProducer() {
	}

	/**
	 * The application's {@code spring.kafka.producer} settings with acknowledgement by
	 * all in-sync replicas and idempotence.
	 * @param kafka the Kafka properties
	 * @param connection where Kafka is
	 * @return the producer settings
	 */
	public static Map<String, Object> configs(KafkaProperties kafka, KafkaConnectionDetails connection) {
		Map<String, Object> configs = kafka.buildProducerProperties();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return configs;
	}

}
