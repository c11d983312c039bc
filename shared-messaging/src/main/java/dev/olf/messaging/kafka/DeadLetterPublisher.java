package dev.olf.messaging.kafka;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Sends a record that can never be processed to {@code <topic>.<group>.<suffix>}, with
 * the failure in Spring Kafka's {@code kafka_dlt-*} headers and the original bytes as the
 * value, so it can be inspected and replayed. Owns its producers instead of sharing a
 * {@code ProducerFactory} bean, which would switch off Spring Boot's own.
 */
public final class DeadLetterPublisher extends DeadLetterPublishingRecoverer implements DisposableBean {

	private final DefaultKafkaProducerFactory<String, Object> producers;

	private DeadLetterPublisher(DefaultKafkaProducerFactory<String, Object> producers, String suffix) {
		super(new KafkaTemplate<>(producers), (record, failure) -> new TopicPartition(
				topic(record.topic(), String.valueOf(KafkaUtils.getConsumerGroupId()), suffix), -1));
		this.producers = producers;
	}

	public static DeadLetterPublisher create(Map<String, Object> producerConfigs, String suffix) {
		return new DeadLetterPublisher(
				new DefaultKafkaProducerFactory<>(producerConfigs, new StringSerializer(), new EventSerializer()),
				suffix);
	}

	/**
	 * The dead-letter topic of one consumer group for one topic.
	 * @param topic the consumed topic
	 * @param group the consumer group
	 * @param suffix the configured suffix
	 * @return {@code <topic>.<group>.<suffix>}
	 */
	public static String topic(String topic, String group, String suffix) {
		return topic + "." + group + "." + suffix;
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
