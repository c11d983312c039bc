package dev.olf.events;

import java.util.List;
import java.util.Objects;

/**
 * Checks shared by the records' constructors, so that an event that exists is valid.
 */
public final class Requirements {

	private Requirements() {
	}

	public static <T> T present(T value, String field) {
		return Objects.requireNonNull(value, () -> field + " is required");
	}

	public static String text(String value, String field) {
		if (present(value, field).isBlank()) {
			throw new IllegalArgumentException(field + " must not be blank");
		}
		return value;
	}

	public static int positive(int value, String field) {
		if (value < 1) {
			throw new IllegalArgumentException(field + " must be at least 1, was " + value);
		}
		return value;
	}

	public static <T> List<T> nonEmpty(List<T> values, String field) {
		if (present(values, field).isEmpty()) {
			throw new IllegalArgumentException(field + " must not be empty");
		}
		return List.copyOf(values);
	}

}
