package dev.olf.web;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Problem details and paging for every service's REST API.
 */
// Before Spring MVC's, whose own problem details handler steps back when this one exists.
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemDetailsAdvice.class)
public class WebAutoConfiguration {

	@Bean
	PagingConfigurer pagingConfigurer() {
		return new PagingConfigurer();
	}

	/**
	 * Puts {@link PageParameters} ahead of Spring Data's resolver for {@code Pageable},
	 * which would otherwise answer first with its lenient defaults.
	 */
	static class PagingConfigurer implements WebMvcConfigurer, Ordered {

		@Override
		public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
			resolvers.add(new PageParameters());
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
