package dev.olf.messaging;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.api.callback.Callback;

import dev.olf.events.MalformedEventException;
import dev.olf.events.UnknownEventTypeException;
import dev.olf.messaging.inbox.Inbox;
import dev.olf.messaging.kafka.CloudEventDeserializer;
import dev.olf.messaging.kafka.DeadLetterPublisher;
import dev.olf.messaging.outbox.Outbox;
import dev.olf.messaging.outbox.OutboxRelayConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Outbox, relay, inbox and consumer error handling for a service with a PostgreSQL
 * {@link DataSource} and Kafka.
 */
@AutoConfiguration(
		after = { DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class, KafkaAutoConfiguration.class })
@EnableConfigurationProperties(MessagingProperties.class)
@Import(OutboxRelayConfiguration.class)
public class MessagingAutoConfiguration {

	@Bean
	Callback messagingSchema() {
		return new MessagingSchema();
	}

	@Bean
	Outbox outbox(DataSource dataSource, MessagingProperties properties, Environment environment) {
		return new Outbox(JdbcClient.create(dataSource), source(properties, environment), properties.outbox().shards(),
				Clock.systemUTC());
	}

	@Bean
	Inbox inbox(DataSource dataSource, PlatformTransactionManager transactionManager,
			ObjectProvider<MeterRegistry> meters) {
		return new Inbox(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	/**
	 * Consumers read CloudEvents records into event records, see only committed Kafka
	 * transactions (the relay publishes in transactions) and commit offsets only after
	 * the listener, and so the inbox transaction, has finished.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer cloudEventConsumers() {
		return (factory) -> {
			Map<String, Object> configs = new HashMap<>();
			configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
			configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
			if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)) {
				configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			}
			factory.updateConfigs(configs);
			@SuppressWarnings("unchecked")
			DefaultKafkaConsumerFactory<String, Object> events = (DefaultKafkaConsumerFactory<String, Object>) factory;
			events.setKeyDeserializer(new StringDeserializer());
			events.setValueDeserializer(new ErrorHandlingDeserializer<>(new CloudEventDeserializer()));
		};
	}

	/**
	 * Commits the consumer's position rather than the last record's offset plus one: the
	 * relay publishes in transactions, whose commit markers would otherwise show as a lag
	 * of one per partition forever.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> transactionAwareOffsets() {
		return (container) -> container.getContainerProperties().setFixTxOffsets(true);
	}

	@Bean
	DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, KafkaConnectionDetails connection,
			MessagingProperties properties) {
		return DeadLetterPublisher.create(reliableProducerConfigs(kafka, connection),
				properties.consumer().deadLetterSuffix());
	}

	/**
	 * Transient failures retry in place with exponential backoff for as long as they
	 * last, because moving on would reorder the record's key; records that can never
	 * succeed go to {@code <topic>.<group>.dlt} with the failure in their headers.
	 */
	@Bean
	CommonErrorHandler kafkaErrorHandler(MessagingProperties properties, DeadLetterPublisher deadLetters) {
		MessagingProperties.Consumer consumer = properties.consumer();
		ExponentialBackOff backOff = new ExponentialBackOff(consumer.initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(consumer.maxBackoff().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(NonRetryableEventException.class, MalformedEventException.class,
				UnknownEventTypeException.class);
		return handler;
	}

	/**
	 * The dead-letter topic of one consumer group for one topic.
	 * @param topic the consumed topic
	 * @param group the consumer group
	 * @param suffix the configured suffix
	 * @return the topic name
	 */
	public static String deadLetterTopic(String topic, String group, String suffix) {
		return topic + "." + group + "." + suffix;
	}

	/**
	 * The CloudEvents source of this service.
	 * @param properties the messaging settings
	 * @param environment the environment, for {@code spring.application.name}
	 * @return the source
	 */
	public static String source(MessagingProperties properties, Environment environment) {
		if (!properties.source().isBlank()) {
			return properties.source();
		}
		return "/" + environment.getProperty("spring.application.name", "application");
	}

	/**
	 * Producer settings for anything that must not lose or duplicate a record: the
	 * application's {@code spring.kafka.producer} settings with acknowledgement by all
	 * in-sync replicas and idempotence.
	 * @param kafka the Kafka properties
	 * @param connection where Kafka is
	 * @return the producer settings
	 */
	public static Map<String, Object> reliableProducerConfigs(KafkaProperties kafka,
			KafkaConnectionDetails connection) {
		Map<String, Object> configs = kafka.buildProducerProperties();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return configs;
	}

}
