package dev.olf.domain;

/**
 * The request clashes with the current state and may succeed once that changes, e.g. a
 * second customer with the same email, or cancelling an order that was rejected (HTTP
 * 409).
 */
public final class ConflictException extends DomainException {

	public ConflictException(String message) {
		super(message);
	}

}
