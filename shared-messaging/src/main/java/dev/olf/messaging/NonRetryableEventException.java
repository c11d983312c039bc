package dev.olf.messaging;

/**
 * A record that can never be handled, however often it is retried: it goes straight to
 * the consumer's dead-letter topic instead of blocking its partition.
 */
public class NonRetryableEventException extends RuntimeException {

	public NonRetryableEventException(String message) {
		super(message);
	}

	public NonRetryableEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
