package dev.olf.messaging;

/**
 * A record whose {@code ce_type} belongs on another topic, e.g. an order event on the
 * customer topic. Its listener expects the events of its own topic only; without this
 * check it would fail with a {@code ClassCastException} that names neither the type nor
 * the topic.
 */
public class EventTypeNotForTopicException extends NonRetryableEventException {

	public EventTypeNotForTopicException(String message) {
		super(message);
	}

}
