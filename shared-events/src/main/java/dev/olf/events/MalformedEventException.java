package dev.olf.events;

/**
 * A payload that is not a valid document of its event type. Retrying cannot help, so
 * consumers send it to their dead-letter topic.
 */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message) {
		super(message);
	}

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
