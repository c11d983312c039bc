package dev.olf.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Amounts are {@link BigDecimal}s with two decimal places: never floating point, and
 * equal amounts are {@code equals}, whatever scale they were written with.
 */
public final class Money {

	public static final int SCALE = 2;

	private Money() {
	}

	/**
	 * Brings an amount to two decimal places.
	 * @param amount the amount
	 * @param field the name to use in the error message
	 * @return the amount with scale 2
	 * @throws IllegalArgumentException if the amount has more than two significant
	 * decimal places or is negative
	 */
	public static BigDecimal of(BigDecimal amount, String field) {
		Objects.requireNonNull(amount, () -> field + " is required");
		if (amount.signum() < 0) {
			throw new IllegalArgumentException(field + " must not be negative, was " + amount.toPlainString());
		}
		try {
			return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
		}
		catch (ArithmeticException ex) {
			throw new IllegalArgumentException(
					field + " must have at most two decimal places, was " + amount.toPlainString());
		}
	}

	public static BigDecimal of(String amount) {
		return of(new BigDecimal(amount), "amount");
	}

}
