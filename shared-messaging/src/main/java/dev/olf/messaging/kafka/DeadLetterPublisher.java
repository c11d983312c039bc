package dev.olf.messaging.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Sends a record that can never be processed to {@code <topic>.<group>.<suffix>}, with
 * the failure in Spring Kafka's {@code kafka_dlt-*} headers and the original bytes as the
 * value, so it can be inspected and replayed. A record read from a replay topic
 * ({@link ReplayTopics}) goes to the dead-letter topic of the topic it was replayed for;
 * its {@code kafka_dlt-original-*} headers name the replay topic, where it was read. Owns
 * its producers instead of sharing a {@code ProducerFactory} bean, which would switch off
 * Spring Boot's own.
 *
 * <p>
 * The exception headers name the real cause (e.g. {@code MalformedEventException} and
 * what is wrong with the JSON) rather than Spring Kafka's wrappers ("failed to
 * deserialize"), and {@value DeadLetterReason#HEADER} says which kind of failure it was.
 *
 * <p>
 * Each dead-lettered record is remembered in the {@code dead_letter} table by group,
 * topic, partition and offset; a record already there is not sent again, so reading a
 * topic once more from the beginning (a projection rebuild) does not duplicate its dead
 * letters. The row is written after Kafka acknowledged the dead letter: a crash in
 * between can duplicate a dead letter, never lose one.
 */
public final class DeadLetterPublisher extends DeadLetterPublishingRecoverer implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterPublisher.class);

	private final DefaultKafkaProducerFactory<String, Object> producers;

	private final JdbcClient jdbc;

	private DeadLetterPublisher(DefaultKafkaProducerFactory<String, Object> producers, String suffix,
			String replaySuffix, JdbcClient jdbc) {
		super(new KafkaTemplate<>(producers), (record, failure) -> {
			String group = group();
			return new TopicPartition(topic(ReplayTopics.consumed(record.topic(), group, replaySuffix), group, suffix),
					-1);
		});
		this.producers = producers;
		this.jdbc = jdbc;
		setExceptionHeadersCreator(DeadLetterPublisher::exceptionHeaders);
	}

	/**
	 * A publisher with producers of its own.
	 * @param producerConfigs reliable producer settings
	 * @param suffix the dead-letter topics' suffix
	 * @param replaySuffix the replay topics' suffix: a replayed record that fails again
	 * goes to the dead-letter topic of the topic it was replayed for
	 * @param jdbc the service's database, which has the {@code dead_letter} table
	 * @return the publisher
	 */
	public static DeadLetterPublisher create(Map<String, Object> producerConfigs, String suffix, String replaySuffix,
			JdbcClient jdbc) {
		return new DeadLetterPublisher(
				new DefaultKafkaProducerFactory<>(producerConfigs, new StringSerializer(), new EventSerializer()),
				suffix, replaySuffix, jdbc);
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
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		String group = group();
		if (alreadyDeadLettered(group, record)) {
			logger.info("{}-{}@{} was dead-lettered for {} before; not sending it again", record.topic(),
					record.partition(), record.offset(), group);
			return;
		}
		super.accept(record, consumer, exception);
		this.jdbc.sql("""
				insert into dead_letter (consumer_group, topic, partition_no, offset_no)
				values (:group, :topic, :partition, :offset) on conflict do nothing
				""")
			.param("group", group)
			.param("topic", record.topic())
			.param("partition", record.partition())
			.param("offset", record.offset())
			.update();
	}

	private boolean alreadyDeadLettered(String group, ConsumerRecord<?, ?> record) {
		return this.jdbc.sql("""
				select count(*) from dead_letter
				where consumer_group = :group and topic = :topic and partition_no = :partition and offset_no = :offset
				""")
			.param("group", group)
			.param("topic", record.topic())
			.param("partition", record.partition())
			.param("offset", record.offset())
			.query(Long.class)
			.single() > 0;
	}

	private static String group() {
		return String.valueOf(KafkaUtils.getConsumerGroupId());
	}

	/**
	 * Spring Kafka's exception headers, written for the real cause instead of its
	 * wrappers, plus the reason.
	 */
	private static void exceptionHeaders(Headers headers, Exception exception, boolean isKey, HeaderNames names) {
		Throwable cause = DeadLetterReason.realCause(exception);
		HeaderNames.ExceptionInfo info = names.getExceptionInfo();
		replace(headers, isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(), cause.getClass().getName());
		headers.remove(info.getExceptionCauseFqcn());
		if (cause.getCause() != null) {
			replace(headers, info.getExceptionCauseFqcn(), cause.getCause().getClass().getName());
		}
		replace(headers, isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(),
				String.valueOf(cause.getMessage()));
		replace(headers, isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(), stackTrace(cause));
		replace(headers, DeadLetterReason.HEADER, DeadLetterReason.of(cause).code());
	}

	private static void replace(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String stackTrace(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace, true));
		return trace.toString();
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
