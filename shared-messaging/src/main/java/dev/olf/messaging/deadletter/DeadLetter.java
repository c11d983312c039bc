package dev.olf.messaging.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import dev.olf.events.CloudEventHeaders;
import dev.olf.messaging.kafka.DeadLetterReason;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * A record in one of this service's dead-letter topics, with what its headers say about
 * where it came from and why it failed.
 *
 * @param id {@code <dead-letter topic>-<partition>-<offset>}, stable for as long as the
 * record is kept
 * @param record the record as it sits in the dead-letter topic
 * @param replayed whether it was put back on its original topic
 */
public record DeadLetter(String id, ConsumerRecord<byte[], byte[]> record, boolean replayed) {

	static String idOf(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "-" + record.offset();
	}

	/**
	 * @return the topic the record was consumed from
	 */
	public @Nullable String originalTopic() {
		return text(KafkaHeaders.DLT_ORIGINAL_TOPIC);
	}

	public @Nullable Integer originalPartition() {
		Header header = this.record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
		return (header != null && header.value().length == Integer.BYTES) ? ByteBuffer.wrap(header.value()).getInt()
				: null;
	}

	public @Nullable Long originalOffset() {
		Header header = this.record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
		return (header != null && header.value().length == Long.BYTES) ? ByteBuffer.wrap(header.value()).getLong()
				: null;
	}

	public @Nullable String consumerGroup() {
		return text(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
	}

	public @Nullable String key() {
		return (this.record.key() != null) ? new String(this.record.key(), StandardCharsets.UTF_8) : null;
	}

	public @Nullable String eventId() {
		return text(CloudEventHeaders.ID);
	}

	public @Nullable String eventType() {
		return text(CloudEventHeaders.TYPE);
	}

	/**
	 * @return the {@link DeadLetterReason} code, or {@code null} for a dead letter from
	 * before the reason was recorded
	 */
	public @Nullable String reason() {
		return text(DeadLetterReason.HEADER);
	}

	public @Nullable String exception() {
		return text(KafkaHeaders.DLT_EXCEPTION_FQCN);
	}

	public @Nullable String exceptionMessage() {
		return text(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
	}

	/**
	 * @return when the record was dead-lettered
	 */
	public Instant deadLetteredAt() {
		return Instant.ofEpochMilli(this.record.timestamp());
	}

	/**
	 * Short, unlike the record's own, which lists every header byte by byte.
	 */
	@Override
	public String toString() {
		return "DeadLetter[" + this.id + ", key=" + key() + ", type=" + eventType() + ", reason=" + reason()
				+ ", replayed=" + this.replayed + "]";
	}

	/**
	 * @param name a header name
	 * @return the header's last value as text, if present
	 */
	public @Nullable String text(String name) {
		Header header = this.record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
