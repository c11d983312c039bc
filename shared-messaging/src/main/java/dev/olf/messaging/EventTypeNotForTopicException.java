package dev.olf.messaging;

/**
 * A record whose {@code ce_type} belongs on another topic, e.g. an order event on the
 * customer topic. Its listener expects the events of its own topic only and would fail on
 * it for ever, so it is dead-lettered instead.
 */
public class EventTypeNotForTopicException extends NonRetryableEventException {

	public EventTypeNotForTopicException(String message) {
		super(message);
	}

}
