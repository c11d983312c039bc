package dev.olf.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * The project's words for a request Spring MVC or Jackson could not read: the field or
 * parameter, what it must be and what it was, and never a Java type, an exception's name
 * or a method signature, which tell a client nothing it can fix and tell an attacker how
 * the service is built.
 */
final class RequestWording {

	private static final int MAX_ECHO = 60;

	private RequestWording() {
	}

	/**
	 * @param name the path variable, query parameter or field
	 * @param type the type it must convert to
	 * @param value what the client sent
	 * @return e.g. {@code id must be a UUID such as 3fa85f64-..., was 'not-a-uuid'}
	 */
	static String mismatch(String name, @Nullable Class<?> type, @Nullable Object value) {
		String was = (value != null) ? ", was " + echo(value) : "";
		return name + " must be " + expected(type) + was;
	}

	/**
	 * @param ex why the body could not be read
	 * @return what is wrong with the body, naming the field where there is one
	 */
	static String unreadableBody(HttpMessageNotReadableException ex) {
		JacksonException jackson = cause(ex, JacksonException.class);
		if (jackson == null) {
			// Spring's own messages name the controller method ("Required request body
			// is missing: ResponseEntity<...> dev.olf...").
			return "The request needs a JSON body";
		}
		if (jackson instanceof StreamConstraintsException) {
			return "The request body is nested too deeply or has a value too long to read; send a flat JSON object";
		}
		if (jackson instanceof UnexpectedEndOfInputException) {
			return "The request body ends before its JSON is complete" + at(jackson);
		}
		String field = field(jackson);
		if (jackson instanceof UnrecognizedPropertyException) {
			return field + " is not a field of this resource; leave it out";
		}
		if (jackson instanceof InputCoercionException coercion) {
			return named(field) + " must be " + expected(coercion.getTargetType());
		}
		if (jackson instanceof InvalidFormatException format) {
			return named(field) + " must be " + expected(format.getTargetType()) + ", was " + echo(format.getValue());
		}
		if (jackson instanceof MismatchedInputException mismatched) {
			if (field.isEmpty()) {
				return "The request body must be a JSON object with this resource's fields";
			}
			return field + " must be " + expected(mismatched.getTargetType());
		}
		if (jackson instanceof StreamReadException && field.isEmpty()) {
			return "The request body is not valid JSON" + at(jackson) + ": " + plain(jackson.getOriginalMessage());
		}
		if (!field.isEmpty()) {
			return field + " has a value this resource cannot take: " + plain(jackson.getOriginalMessage());
		}
		return "The request body is not valid JSON for this resource" + at(jackson);
	}

	private static String named(String field) {
		return field.isEmpty() ? "The request body" : field;
	}

	/**
	 * @return the JSON path of the failing value as a client writes it, e.g.
	 * {@code lines[0].quantity}, or empty at the top
	 */
	private static String field(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String at(JacksonException ex) {
		if (ex.getLocation() == null || ex.getLocation().getLineNr() < 1) {
			return "";
		}
		return " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
	}

	/**
	 * What a value of a type looks like on the wire.
	 */
	static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "a valid value";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name())
				.collect(Collectors.joining(", "));
		}
		if (type == UUID.class) {
			return "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class || type == BigInteger.class) {
			return "a whole number" + range(type);
		}
		if (type == BigDecimal.class || type == double.class || type == Double.class || type == float.class
				|| type == Float.class) {
			return "a decimal number such as 12.50";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a string";
		}
		if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
			return "a time such as 2026-01-31T12:00:00Z";
		}
		if (type == Duration.class) {
			return "a duration such as 5s or PT5S";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "a JSON array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getPackageName().startsWith("java.")) {
			return "a JSON object";
		}
		return "a valid value";
	}

	private static String range(Class<?> type) {
		if (type == int.class || type == Integer.class) {
			return " up to " + Integer.MAX_VALUE;
		}
		return "";
	}

	/**
	 * A client's value, short and on one line, quoted.
	 */
	private static String echo(@Nullable Object value) {
		String text = plain(String.valueOf(value));
		return "'" + ((text.length() > MAX_ECHO) ? text.substring(0, MAX_ECHO) + "..." : text) + "'";
	}

	/**
	 * A message without control characters and without Jackson's hints at its own classes
	 * (e.g. "from `StreamReadConstraints.getMaxNumberLength()`").
	 */
	private static String plain(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String oneLine = text.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return oneLine.replaceAll("\\s*\\([^)]*`[^`]*`[^)]*\\)", "").replaceAll("`[^`]*`", "the value");
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
