package dev.olf.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The settings every service shares (graceful shutdown, actuator endpoints and probes,
 * virtual threads where the JVM runs them safely, no open session in view), read from
 * {@code service-defaults.yml} beside this class. They come last, so a service's
 * {@code application.yml}, the environment and the command line each override them.
 * <p>
 * Kafka: with {@code OLF_KAFKA_USERNAME} and {@code OLF_KAFKA_PASSWORD} (or
 * {@code olf.kafka.username} and {@code olf.kafka.password}) set, every Kafka client of
 * the service authenticates as that principal with SASL/SCRAM-SHA-512 over
 * {@code SASL_PLAINTEXT}; {@code SPRING_KAFKA_SECURITY_PROTOCOL=SASL_SSL} adds TLS.
 * Without a user name the clients speak PLAINTEXT, as the integration tests' broker does.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

	static final String NAME = "olf-service-defaults";

	private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClassPathResource defaults = new ClassPathResource("dev/olf/web/service-defaults.yml");
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(NAME, defaults)) {
				environment.getPropertySources().addLast(source);
			}
			// Virtual threads only where a thread blocked inside synchronized no longer
			// pins
			// its carrier (Java 24, JEP 491). On Java 21 the Kafka client, which logs
			// while
			// holding monitors, deadlocked order-service at start in a container: every
			// carrier pinned by a listener waiting for the log appender's lock.
			environment.getPropertySources()
				.addLast(new MapPropertySource(NAME + "-threads",
						Map.of("spring.threads.virtual.enabled", Runtime.version().feature() >= 24)));
			kafkaSecurity(environment);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + defaults, ex);
		}
	}

	private static void kafkaSecurity(ConfigurableEnvironment environment) {
		String username = environment.getProperty("olf.kafka.username", "");
		if (username.isBlank()) {
			return;
		}
		String password = environment.getProperty("olf.kafka.password", "");
		if (password.isBlank()) {
			throw new IllegalStateException("olf.kafka.username (OLF_KAFKA_USERNAME) is " + username
					+ " but olf.kafka.password (OLF_KAFKA_PASSWORD) is not set");
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(NAME + "-kafka-security", Map.of("spring.kafka.security.protocol",
					"SASL_PLAINTEXT", "spring.kafka.properties[sasl.mechanism]", "SCRAM-SHA-512",
					"spring.kafka.properties[sasl.jaas.config]",
					SCRAM_LOGIN + " required username=" + quoted(username) + " password=" + quoted(password) + ";")));
	}

	private static String quoted(String value) {
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
