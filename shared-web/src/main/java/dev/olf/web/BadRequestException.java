package dev.olf.web;

/**
 * A request parameter a controller cannot read, e.g. a date that is not ISO-8601 (HTTP
 * 400). For web code only: domain code throws the exceptions of {@code dev.olf.domain}.
 */
public class BadRequestException extends RuntimeException {

	public BadRequestException(String message) {
		super(message);
	}

}
