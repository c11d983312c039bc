package dev.olf.web;

import org.springframework.http.HttpStatus;

/**
 * A request that is well-formed but that the domain refuses; leaves as a problem detail
 * with this message as its {@code detail}.
 */
public class DomainRuleViolation extends RuntimeException {

	private final HttpStatus status;

	public DomainRuleViolation(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	public static DomainRuleViolation notFound(String message) {
		return new DomainRuleViolation(HttpStatus.NOT_FOUND, message);
	}

	public static DomainRuleViolation conflict(String message) {
		return new DomainRuleViolation(HttpStatus.CONFLICT, message);
	}

	public static DomainRuleViolation unprocessable(String message) {
		return new DomainRuleViolation(HttpStatus.UNPROCESSABLE_CONTENT, message);
	}

	public HttpStatus status() {
		return this.status;
	}

}
