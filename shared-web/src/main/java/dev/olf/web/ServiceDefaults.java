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
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

	static final String NAME = "olf-service-defaults";

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
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + defaults, ex);
		}
	}

}
