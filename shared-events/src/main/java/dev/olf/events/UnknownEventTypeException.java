package dev.olf.events;

/**
 * A record carries an event type this version of the contracts does not know. Retrying
 * cannot help, so consumers send it to their dead-letter topic.
 */
public class UnknownEventTypeException extends RuntimeException {

	public UnknownEventTypeException(String message) {
		super(message);
	}

}
