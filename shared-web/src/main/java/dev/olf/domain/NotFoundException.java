package dev.olf.domain;

/**
 * The thing a request names does not exist, e.g. an unknown order id (HTTP 404).
 */
public final class NotFoundException extends DomainException {

	public NotFoundException(String message) {
		super(message);
	}

}
