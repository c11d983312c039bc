package dev.olf.web;

import java.util.List;

import org.apache.catalina.core.StandardHost;

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
 * Problem details, paging and the guard against bodies the APIs cannot take, for every
 * service's REST API.
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
