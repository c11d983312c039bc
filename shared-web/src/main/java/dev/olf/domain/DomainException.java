package dev.olf.domain;

/**
 * A request the domain refuses; the message says what to fix and reaches the caller
 * unchanged.
 */
public abstract sealed class DomainException extends RuntimeException
		permits NotFoundException, ConflictException, RuleViolationException {

	protected DomainException(String message) {
		super(message);
	}

}
