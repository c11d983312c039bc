package dev.olf.web;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageParametersTest {

	private final PageParameters parameters = new PageParameters();

	@Test
	void readsPageSizeAndAnOfferedSortWithItsTieBreakers() {
		Pageable pageable = resolve("sortable", "page", "2", "size", "5", "sort", "name,desc");

		assertThat(pageable.getPageNumber()).isEqualTo(2);
		assertThat(pageable.getPageSize()).isEqualTo(5);
		assertThat(pageable.getSort()).isEqualTo(Sort.by(Sort.Order.desc("name"), Sort.Order.asc("id")));
	}

	@Test
	void usesTheResourcesDefaultsWhenNothingIsAsked() {
		Pageable pageable = resolve("sortable");

		assertThat(pageable.getPageNumber()).isZero();
		assertThat(pageable.getPageSize()).isEqualTo(20);
		assertThat(pageable.getSort()).isEqualTo(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("id")));
	}

	@Test
	void refusesWhatNoCallerCanMean() {
		assertRefused("sortable", "page must be 0 or more, was '-1'", "page", "-1");
		assertRefused("sortable", "page must be 0 or more, was 'first'", "page", "first");
		assertRefused("sortable", "size must be between 1 and 100, was '0'", "size", "0");
		assertRefused("sortable", "size must be between 1 and 100, was '101'", "size", "101");
		assertRefused("sortable", "page 2147483647 of size 20 is beyond any last page", "page", "2147483647");
		assertRefused("sortable", "sort must be createdAt or name, was 'secret'", "sort", "secret");
		assertRefused("fixed", "This resource has one fixed order; leave out sort", "sort", "name");
	}

	private void assertRefused(String method, String detail, String... query) {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> resolve(method, query))
			.withMessage(detail);
	}

	private Pageable resolve(String method, String... query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/things");
		for (int i = 0; i < query.length; i += 2) {
			request.addParameter(query[i], query[i + 1]);
		}
		try {
			Method handler = Resource.class.getDeclaredMethod(method, Pageable.class);
			return this.parameters.resolveArgument(new MethodParameter(handler, 0), null,
					new ServletWebRequest(request), null);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	interface Resource {

		void sortable(@PageableDefault(size = 20, sort = "createdAt") @SortBy(value = { "createdAt", "name" },
				then = "id") Pageable pageable);

		void fixed(@PageableDefault(size = 20, sort = "createdAt") Pageable pageable);

	}

}
