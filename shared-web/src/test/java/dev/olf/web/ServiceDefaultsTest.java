package dev.olf.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceDefaultsTest {

	@Test
	void givesEveryServiceTheSharedSettings() {
		StandardEnvironment environment = new StandardEnvironment();

		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health, info, prometheus");
		assertThat(environment.getProperty("spring.threads.virtual.enabled", Boolean.class))
			.isEqualTo(Runtime.version().feature() >= 24);
	}

	@Test
	void yieldsToWhatAServiceSetsItself() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml",
					Map.of("server.shutdown", "immediate", "spring.application.name", "order-service")));

		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("server.shutdown")).isEqualTo("immediate");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("order-service");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.startsWith(ServiceDefaults.NAME);
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isNotNull();
	}

}
