package dev.olf.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableHandlerMethodArgumentResolver;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Reads {@code page}, {@code size} and {@code sort} into a {@link Pageable}, the one way
 * every paged resource takes them. Unlike Spring Data's resolver, which quietly replaces
 * what it cannot use with its defaults, it refuses with a 400 what a caller cannot have
 * meant: a page that is not a number or below 0, a size outside 1 to {@link #MAX_SIZE}, a
 * page so far out that its offset overflows, a sort property the resource does not offer
 * ({@link SortBy}).
 */
public class PageParameters implements HandlerMethodArgumentResolver {

	/** The largest page a caller may ask for. */
	public static final int MAX_SIZE = 100;

	private final PageableHandlerMethodArgumentResolver pageables = new PageableHandlerMethodArgumentResolver();

	public PageParameters() {
		this.pageables.setMaxPageSize(MAX_SIZE);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Pageable.class.equals(parameter.getParameterType());
	}

	@Override
	public Pageable resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
			NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
		number(request, "page", 0, Integer.MAX_VALUE, "page must be 0 or more");
		number(request, "size", 1, MAX_SIZE, "size must be between 1 and " + MAX_SIZE);
		Pageable pageable = this.pageables.resolveArgument(parameter, container, request, binders);
		if ((long) pageable.getPageNumber() * pageable.getPageSize() > Integer.MAX_VALUE) {
			throw new BadRequestException("page " + pageable.getPageNumber() + " of size " + pageable.getPageSize()
					+ " is beyond any last page");
		}
		boolean sortGiven = request.getParameterValues("sort") != null;
		return PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(),
				order(pageable.getSort(), sortGiven, parameter.getParameterAnnotation(SortBy.class)));
	}

	private static void number(NativeWebRequest request, String name, int min, int max, String rule) {
		String value = request.getParameter(name);
		if (value == null) {
			return;
		}
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min && number <= max) {
				return;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below, with the rule.
		}
		throw new BadRequestException(rule + ", was '" + value + "'");
	}

	private static Sort order(Sort requested, boolean sortGiven, @Nullable SortBy sortBy) {
		if (sortBy == null) {
			if (sortGiven) {
				throw new BadRequestException("This resource has one fixed order; leave out sort");
			}
			return requested;
		}
		Set<String> allowed = Set.of(sortBy.value());
		for (Sort.Order order : requested) {
			if (!allowed.contains(order.getProperty())) {
				throw new BadRequestException(
						"sort must be " + oneOf(sortBy.value()) + ", was '" + order.getProperty() + "'");
			}
		}
		List<Sort.Order> orders = new ArrayList<>(requested.toList());
		for (String tieBreaker : sortBy.then()) {
			if (requested.getOrderFor(tieBreaker) == null) {
				orders.add(Sort.Order.asc(tieBreaker));
			}
		}
		return Sort.by(orders);
	}

	private static String oneOf(String[] names) {
		if (names.length == 1) {
			return names[0];
		}
		return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
				+ names[names.length - 1];
	}

}
