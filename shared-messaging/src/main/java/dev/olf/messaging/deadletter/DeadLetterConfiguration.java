package dev.olf.messaging.deadletter;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.olf.messaging.MessagingProperties;
import dev.olf.messaging.PeriodicTask;
import dev.olf.messaging.kafka.ReliableProducer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dead letters, their counts in meters and health, and, in a servlet web application that
 * has the project's {@code shared-web}, the admin endpoints under
 * {@code /api/admin/dead-letters}.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

	@Bean
	DeadLetters deadLetters(KafkaListenerEndpointRegistry listeners, KafkaProperties kafka,
			KafkaConnectionDetails connection, DataSource dataSource, PlatformTransactionManager transactionManager,
			MessagingProperties properties) {
		Map<String, Object> consumerConfigs = kafka.buildConsumerProperties();
		consumerConfigs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
		DefaultKafkaProducerFactory<byte[], byte[]> producers = new DefaultKafkaProducerFactory<>(
				ReliableProducer.configs(kafka, connection), new ByteArraySerializer(), new ByteArraySerializer());
		return new DeadLetters(listeners, consumerConfigs, producers, JdbcClient.create(dataSource),
				new TransactionTemplate(transactionManager), properties.consumer().deadLetterSuffix(),
				properties.consumer().replaySuffix());
	}

	@Bean
	DeadLetterMonitor deadLettersHealthIndicator(DeadLetters deadLetters, ObjectProvider<MeterRegistry> meters,
			Clock clock, MessagingProperties properties) {
		return new DeadLetterMonitor(deadLetters, meters.getIfAvailable(SimpleMeterRegistry::new), clock);
	}

	@Bean
	PeriodicTask deadLetterCounting(DeadLetterMonitor monitor, MessagingProperties properties) {
		return new PeriodicTask("dead-letter-monitor", monitor::refresh, Duration.ZERO,
				properties.deadLetters().refreshInterval());
	}

	/**
	 * The admin endpoints; they page and refuse as every other resource of the project
	 * does, through {@code shared-web}, which the library therefore needs for them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "dev.olf.web.PageView")
	static class Endpoints {

		@Bean
		DeadLetterController deadLetterController(DeadLetters deadLetters, DeadLetterMonitor monitor) {
			return new DeadLetterController(deadLetters, monitor);
		}

	}

}
