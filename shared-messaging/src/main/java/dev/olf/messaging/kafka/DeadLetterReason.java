package dev.olf.messaging.kafka;

import dev.olf.events.MalformedEventException;
import dev.olf.events.UnknownEventTypeException;
import dev.olf.messaging.EventTypeNotForTopicException;
import dev.olf.messaging.MissingCloudEventHeaderException;
import dev.olf.messaging.NonRetryableEventException;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Why a record was dead-lettered, in the {@value #HEADER} header next to Spring Kafka's
 * {@code kafka_dlt-exception-*} headers, so that tools and people can group dead letters
 * without parsing exception messages.
 */
public enum DeadLetterReason {

	/** The payload is not valid JSON of its event type. */
	UNREADABLE_PAYLOAD("unreadable-payload"),

	/** The {@code ce_type} is not in the event catalogue. */
	UNKNOWN_TYPE("unknown-type"),

	/** A CloudEvents header every record needs is missing or unusable. */
	MISSING_HEADER("missing-header"),

	/** The {@code ce_type} belongs on another topic. */
	WRONG_TOPIC("wrong-topic"),

	/** The handler said it can never apply the event. */
	REFUSED_BY_HANDLER("refused-by-handler"),

	/** Anything else classified as not retryable. */
	OTHER("other");

	/** The header that carries the reason's {@link #code()}. */
	public static final String HEADER = "olf_dlt_reason";

	private final String code;

	DeadLetterReason(String code) {
		this.code = code;
	}

	/**
	 * @return the header value, e.g. {@code unreadable-payload}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * The reason a failure stands for.
	 * @param failure what the listener container reported, possibly wrapped
	 * @return the reason of its {@link #realCause(Throwable) real cause}
	 */
	public static DeadLetterReason of(Throwable failure) {
		return switch (realCause(failure)) {
			case MalformedEventException malformed -> UNREADABLE_PAYLOAD;
			case UnknownEventTypeException unknown -> UNKNOWN_TYPE;
			case MissingCloudEventHeaderException missing -> MISSING_HEADER;
			case EventTypeNotForTopicException wrongTopic -> WRONG_TOPIC;
			case NonRetryableEventException refused -> REFUSED_BY_HANDLER;
			default -> OTHER;
		};
	}

	/**
	 * The exception that says what went wrong, without the wrappers Spring Kafka adds:
	 * {@code ListenerExecutionFailedException} around a listener's exception and
	 * {@code DeserializationException} ("failed to deserialize") around the
	 * deserializer's.
	 * @param failure what the listener container reported
	 * @return the innermost exception that is not such a wrapper
	 */
	public static Throwable realCause(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof ListenerExecutionFailedException || cause instanceof DeserializationException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
