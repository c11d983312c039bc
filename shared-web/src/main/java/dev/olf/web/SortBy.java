package dev.olf.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The properties a paged resource may be sorted by, on its {@code Pageable} parameter.
 * Any other {@code sort} is a 400; a resource without this annotation offers only its
 * {@code @PageableDefault} order.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SortBy {

	/**
	 * @return the properties a caller may name in {@code sort}
	 */
	String[] value();

	/**
	 * Properties appended, ascending, after the caller's order, so that pages neither
	 * repeat nor skip an item when the caller's properties tie.
	 * @return the tie breakers, e.g. the id
	 */
	String[] then() default {};

}
