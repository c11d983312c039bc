package dev.olf.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.jspecify.annotations.Nullable;

/**
 * A string a person reads: one line without control characters (NUL, tab, line breaks,
 * escape, DEL and the C1 range), which a name, an email or a sku never needs and which
 * would forge log lines, break CSV exports or hide text on the dashboard. {@code null} is
 * valid; add {@code @NotBlank} or {@code @NotNull} where a value is required, and
 * {@code @Size} for the length.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

	String message() default "must be plain text on one line: remove control characters such as line breaks, tabs or NUL";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Checks {@link PlainText}.
	 */
	class Validator implements ConstraintValidator<PlainText, CharSequence> {

		@Override
		public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
			return value == null || value.chars().noneMatch(Character::isISOControl);
		}

	}

}
