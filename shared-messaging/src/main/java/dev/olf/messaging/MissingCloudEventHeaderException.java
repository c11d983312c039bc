package dev.olf.messaging;

/**
 * A record without a usable CloudEvents header ({@code ce_id}, {@code ce_type}): no
 * consumer can tell what it is or whether it saw it before, so it is dead-lettered.
 */
public class MissingCloudEventHeaderException extends NonRetryableEventException {

	public MissingCloudEventHeaderException(String message) {
		super(message);
	}

}
