package dev.olf.messaging.outbox;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.olf.messaging.MessagingProperties;
import dev.olf.messaging.kafka.ReliableProducer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay, its Kafka producer, circuit breaker, metrics and health. Switched off with
 * {@code olf.messaging.outbox.relay-enabled=false}, e.g. for an instance that should only
 * write.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "olf.messaging.outbox.relay-enabled", matchIfMissing = true)
public class OutboxRelayConfiguration {

	@Bean
	KafkaOutboxPublisher outboxPublisher(KafkaProperties kafka, KafkaConnectionDetails connection,
			Environment environment) {
		// Unique per instance: relays of several instances publish concurrently on other
		// shards.
		String transactionIdPrefix = "outbox-" + environment.getProperty("spring.application.name", "application") + "-"
				+ UUID.randomUUID().toString().substring(0, 8) + "-";
		return new KafkaOutboxPublisher(producerFactory(producerConfigs(kafka, connection), transactionIdPrefix));
	}

	/**
	 * The relay's producer settings: reliable ones, and short timeouts, because the
	 * circuit breaker and the outbox do the waiting while the broker is away.
	 * @param kafka the Kafka properties
	 * @param connection where Kafka is
	 * @return producer settings
	 */
	static Map<String, Object> producerConfigs(KafkaProperties kafka, KafkaConnectionDetails connection) {
		Map<String, Object> configs = ReliableProducer.configs(kafka, connection);
		configs.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
		configs.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		configs.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
		configs.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
		configs.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		return configs;
	}

	static DefaultKafkaProducerFactory<String, byte[]> producerFactory(Map<String, Object> configs,
			String transactionIdPrefix) {
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(configs,
				new StringSerializer(), new ByteArraySerializer());
		factory.setTransactionIdPrefix(transactionIdPrefix);
		return factory;
	}

	@Bean
	CircuitBreaker outboxCircuitBreaker(MessagingProperties properties, ObjectProvider<MeterRegistry> meters) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(4)
			.minimumNumberOfCalls(2)
			.failureRateThreshold(50)
			.permittedNumberOfCallsInHalfOpenState(1)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.waitDurationInOpenState(properties.outbox().openCircuitWait())
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		meters.ifAvailable(
				(registered) -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(registered));
		return registry.circuitBreaker("outbox-relay");
	}

	@Bean
	OutboxMonitor outboxMonitor(DataSource dataSource, Clock clock, ObjectProvider<MeterRegistry> meters) {
		return new OutboxMonitor(JdbcClient.create(dataSource), clock, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	OutboxRelay outboxRelay(DataSource dataSource, PlatformTransactionManager transactionManager,
			KafkaOutboxPublisher outboxPublisher, CircuitBreaker outboxCircuitBreaker, OutboxMonitor outboxMonitor,
			MessagingProperties properties) {
		return new OutboxRelay(dataSource, new TransactionTemplate(transactionManager), outboxPublisher,
				outboxCircuitBreaker, outboxMonitor, properties.outbox());
	}

	@Bean
	OutboxHealthIndicator outboxHealthIndicator(OutboxMonitor outboxMonitor, CircuitBreaker outboxCircuitBreaker) {
		return new OutboxHealthIndicator(outboxMonitor, outboxCircuitBreaker);
	}

}
