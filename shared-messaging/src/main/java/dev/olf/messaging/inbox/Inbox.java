package dev.olf.messaging.inbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import dev.olf.events.CloudEventHeaders;
import dev.olf.messaging.MissingCloudEventHeaderException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each event at most once per consumer: the event id is recorded in the same
 * transaction as the handler's changes, and an id already recorded is skipped. Combined
 * with offsets committed only after that transaction, every event is applied exactly
 * once.
 */
public class Inbox {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final MeterRegistry meters;

	public Inbox(JdbcClient jdbc, TransactionTemplate transaction, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.meters = meters;
	}

	/**
	 * Handles a record from a listener, once. The consumer is the listener's group id, so
	 * two groups in one service each apply the event.
	 * @param record the record, whose value is the event
	 * @param handler what applying the event means
	 * @param <T> the event type
	 * @return whether the handler ran ({@code false} for a duplicate)
	 */
	public <T> boolean receive(ConsumerRecord<String, T> record, Consumer<T> handler) {
		String consumer = KafkaUtils.getConsumerGroupId();
		if (consumer == null) {
			throw new IllegalStateException("Inbox.receive must run on a listener thread that has a group id");
		}
		String id = header(record, CloudEventHeaders.ID);
		String type = header(record, CloudEventHeaders.TYPE);
		if (id == null || type == null) {
			throw new MissingCloudEventHeaderException(
					"Record without " + CloudEventHeaders.ID + " or " + CloudEventHeaders.TYPE + " header at "
							+ record.topic() + "-" + record.partition() + "@" + record.offset());
		}
		UUID eventId;
		try {
			eventId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new MissingCloudEventHeaderException(CloudEventHeaders.ID + " is not a UUID: " + id);
		}
		// The listener container's observation has made the span of this record, a child
		// of its traceparent, current on this thread: the handler and the events it
		// writes to the outbox belong to the trace the record came with.
		return process(consumer, eventId, type, () -> handler.accept(record.value()));
	}

	/**
	 * Runs the handler in a transaction, unless this consumer already applied the event.
	 * @param consumer who applies the event
	 * @param eventId the event's id ({@code ce_id})
	 * @param eventType the event's type ({@code ce_type}), kept for diagnosis
	 * @param handler the state change
	 * @return whether the handler ran
	 */
	public boolean process(String consumer, UUID eventId, String eventType, Runnable handler) {
		Boolean applied = this.transaction.execute((status) -> {
			// A concurrent delivery of the same id waits here for the first one's commit
			// and then finds the row, so the handler can never run twice.
			int inserted = this.jdbc.sql("""
					insert into inbox (consumer, event_id, event_type) values (:consumer, :id, :type)
					on conflict do nothing
					""").param("consumer", consumer).param("id", eventId).param("type", eventType).update();
			if (inserted == 0) {
				return false;
			}
			handler.run();
			return true;
		});
		boolean ran = Boolean.TRUE.equals(applied);
		Counter.builder("inbox.events")
			.description("Events received by a consumer, applied or skipped as duplicates")
			.tag("consumer", consumer)
			.tag("outcome", ran ? "applied" : "duplicate")
			.register(this.meters)
			.increment();
		return ran;
	}

	private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
