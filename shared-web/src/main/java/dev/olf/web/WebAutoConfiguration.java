package dev.olf.web;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.catalina.core.StandardHost;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Problem details, paging, the guard against bodies the APIs cannot take and the limit of
 * requests at work at once, for every service's REST API.
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
	 * At most {@code olf.web.max-concurrent-requests} API requests at work at once (fewer
	 * than the database connections, so that the consumers always find one), each waiting
	 * at most {@code olf.web.busy-wait} for its turn.
	 */
	@Bean
	FilterRegistrationBean<ConcurrencyLimit> concurrencyLimit(
			@Value("${olf.web.max-concurrent-requests:6}") int maxConcurrentRequests,
			@Value("${olf.web.busy-wait:3s}") Duration busyWait, ObjectProvider<MeterRegistry> meters) {
		FilterRegistrationBean<ConcurrencyLimit> registration = new FilterRegistrationBean<>(
				new ConcurrencyLimit(maxConcurrentRequests, busyWait, meters.getIfAvailable()));
		// Right after the body guard: a request refused for its body takes no turn.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestGuard> requestGuard() {
		FilterRegistrationBean<RequestGuard> registration = new FilterRegistrationBean<>(new RequestGuard());
		// First, so that nothing reads a body the APIs refuse.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Tomcat refuses some requests itself (characters HTTP does not allow in the URL);
	 * those get a problem detail too instead of Tomcat's HTML page.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	static class TomcatErrors {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
			return (factory) -> factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		}

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
