package dev.olf.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.olf.messaging.kafka.CloudEventRecords;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a batch of outbox rows in one Kafka transaction.
 *
 * <p>
 * The transaction makes a batch all-or-nothing for {@code read_committed} consumers: if
 * any send fails, none of the batch becomes visible and the whole batch is retried, so a
 * later event of an aggregate can never appear before an earlier one that failed.
 */
class KafkaOutboxPublisher implements DisposableBean {

	private final DefaultKafkaProducerFactory<String, byte[]> producers;

	private final KafkaTemplate<String, byte[]> template;

	/**
	 * Owns its producer factory rather than sharing a bean, so that the application's own
	 * {@code ProducerFactory} from Spring Boot stays as configured.
	 * @param producers transactional producers
	 */
	KafkaOutboxPublisher(DefaultKafkaProducerFactory<String, byte[]> producers) {
		this.producers = producers;
		this.template = new KafkaTemplate<>(producers);
	}

	void publish(List<OutboxRecord> records) {
		this.template.executeInTransaction((operations) -> {
			for (OutboxRecord record : records) {
				operations.send(toProducerRecord(record));
			}
			return null;
		});
	}

	private static ProducerRecord<String, byte[]> toProducerRecord(OutboxRecord record) {
		return CloudEventRecords.record(record.topic(), record.aggregateId(),
				record.payload().getBytes(StandardCharsets.UTF_8), record.headers());
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
