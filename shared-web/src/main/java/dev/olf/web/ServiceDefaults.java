package dev.olf.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The settings every service shares (graceful shutdown, actuator endpoints and probes,
 * virtual threads, no open session in view), read from {@code service-defaults.yml}
 * beside this class. They come last, so a service's {@code application.yml}, the
 * environment and the command line each override them.
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
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + defaults, ex);
		}
	}

}
