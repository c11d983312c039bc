package dev.olf.domain;

/**
 * The request is well-formed but breaks a rule of the domain however often it is sent,
 * e.g. an order for a product that does not exist (HTTP 422).
 */
public final class RuleViolationException extends DomainException {

	public RuleViolationException(String message) {
		super(message);
	}

}
