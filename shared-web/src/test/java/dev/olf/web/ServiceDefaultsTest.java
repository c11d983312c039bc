package dev.olf.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
		assertThat(environment.getProperty("management.observations.enable.spring.security")).isEqualTo("false");
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

	@Test
	void authenticatesKafkaClientsWithScramWhenGivenAUser() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("environment",
					Map.of("olf.kafka.username", "order-service", "olf.kafka.password", "se\"cret")));

		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
		Map<String, String> properties = Binder.get(environment)
			.bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class))
			.get();
		assertThat(properties).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
			.containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
					+ " username=\"order-service\" password=\"se\\\"cret\";");
	}

	@Test
	void leavesKafkaClientsOnPlaintextWithoutAUser() {
		StandardEnvironment environment = new StandardEnvironment();

		new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.kafka.security.protocol")).isNull();
		assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config")).isNull();
	}

	@Test
	void refusesAKafkaUserWithoutAPassword() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("environment", Map.of("olf.kafka.username", "order-service")));

		assertThatIllegalStateException()
			.isThrownBy(() -> new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("OLF_KAFKA_PASSWORD");
	}

}
