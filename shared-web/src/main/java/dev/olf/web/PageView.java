package dev.olf.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/**
 * One page of a collection resource, in a stable JSON shape.
 *
 * @param content the items
 * @param page where this page is
 * @param <T> the item type
 */
public record PageView<T>(List<T> content, PageMetadata page) {

	public static <E, T> PageView<T> of(Page<E> page, Function<E, T> view) {
		return new PageView<>(page.getContent().stream().map(view).toList(),
				new PageMetadata(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages()));
	}

	public record PageMetadata(int number, int size, long totalElements, int totalPages) {
	}

}
