package dev.olf.localstack.test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.olf.localstack.Infrastructure;
import dev.olf.localstack.TestInfrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Adds the connection properties for {@link WithInfrastructure}. Registered in
 * {@code META-INF/spring.factories}.
 */
class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		WithInfrastructure annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				WithInfrastructure.class);
		return (annotation != null) ? new InfrastructureCustomizer(annotation.database(), annotation.authServer())
				: null;
	}

	/**
	 * A record, so that equal customizers let Spring cache and share the context.
	 */
	record InfrastructureCustomizer(String database, boolean authServer) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Infrastructure infrastructure = TestInfrastructure.shared();
			Map<String, Object> properties = new HashMap<>(Map.of("spring.kafka.bootstrap-servers",
					infrastructure.kafkaBootstrapServers(), "spring.datasource.url",
					infrastructure.jdbcUrl(this.database), "spring.datasource.username", infrastructure.username(),
					"spring.datasource.password", infrastructure.password()));
			if (this.authServer) {
				properties.put("olf.auth.issuer", AuthServer.shared().url());
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test-infrastructure", properties));
		}

	}

}
