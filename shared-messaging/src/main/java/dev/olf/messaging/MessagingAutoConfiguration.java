package dev.olf.messaging;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.api.callback.Callback;

import dev.olf.events.MalformedEventException;
import dev.olf.events.UnknownEventTypeException;
import dev.olf.messaging.contract.EventContractConfiguration;
import dev.olf.messaging.deadletter.DeadLetterConfiguration;
import dev.olf.messaging.inbox.Inbox;
import dev.olf.messaging.inbox.InboxRetentionConfiguration;
import dev.olf.messaging.kafka.CloudEventDeserializer;
import dev.olf.messaging.kafka.ConsumerHealthIndicator;
import dev.olf.messaging.kafka.ConsumerStalls;
import dev.olf.messaging.kafka.DeadLetterPublisher;
import dev.olf.messaging.kafka.ReliableProducer;
import dev.olf.messaging.kafka.ReplayTopics;
import dev.olf.messaging.outbox.Outbox;
import dev.olf.messaging.outbox.OutboxRelayConfiguration;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Outbox, relay, inbox and consumer error handling for a service with a PostgreSQL
 * {@link DataSource} and Kafka. It only wires beans: what they are lives in
 * {@code outbox/}, {@code inbox/} and {@code kafka/}, which never call back here.
 */
@AutoConfiguration(
		after = { DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class, KafkaAutoConfiguration.class })
@EnableConfigurationProperties(MessagingProperties.class)
@Import({ OutboxRelayConfiguration.class, InboxRetentionConfiguration.class, DeadLetterConfiguration.class,
		EventContractConfiguration.class })
public class MessagingAutoConfiguration {

	private static final int SESSION_TIMEOUT_MS = 10_000;

	@Bean
	Callback messagingSchema() {
		return new MessagingSchema();
	}

	/**
	 * The one clock of the service, for every time it records; a test may replace it.
	 * @return the system clock in UTC
	 */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Outbox outbox(DataSource dataSource, MessagingProperties properties, Environment environment, Clock clock,
			ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		String source = properties.sourceOf(environment.getProperty("spring.application.name", "application"));
		return new Outbox(JdbcClient.create(dataSource), source, properties.outbox().shards(), clock,
				tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
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
	 * the listener, and so the inbox transaction, has finished. A consumer that died
	 * gives up its partitions after 10 s without heartbeats rather than Kafka's 45 s,
	 * well within the order saga's deadline (30 s), unless the service sets
	 * {@code session.timeout.ms} itself.
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
			if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
				configs.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
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
	 * of one per partition forever. With {@code olf.messaging.consumer.instance-id} set,
	 * each consumer is a static member of its group named after the instance and the
	 * listener; Spring Kafka adds {@code -<n>} per consumer of a concurrent container.
	 * One customizer for both, since Spring Boot applies only a unique one.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenerContainers(
			MessagingProperties properties) {
		String instanceId = properties.consumer().instanceId();
		return (container) -> {
			container.getContainerProperties().setFixTxOffsets(true);
			if (!instanceId.isBlank()) {
				String listenerId = container.getListenerId();
				String listener = (listenerId != null) ? listenerId : container.getBeanName();
				container.getContainerProperties()
					.getKafkaConsumerProperties()
					.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "." + listener);
			}
		};
	}

	@Bean
	DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, KafkaConnectionDetails connection,
			MessagingProperties properties, DataSource dataSource) {
		return DeadLetterPublisher.create(ReliableProducer.configs(kafka, connection),
				properties.consumer().deadLetterSuffix(), properties.consumer().replaySuffix(),
				JdbcClient.create(dataSource));
	}

	/**
	 * Every listener reads its replay topics too, where dead letters are replayed.
	 */
	@Bean
	ReplayTopics replayTopics(BeanFactory beans, MessagingProperties properties) {
		return new ReplayTopics(beans, properties.consumer().replaySuffix());
	}

	/**
	 * Transient failures retry in place with exponential backoff for as long as they
	 * last, because moving on would reorder the record's key; the waits are spread at
	 * random (jitter) so that consumers that failed together, e.g. when the database went
	 * away, do not come back in lockstep. Records that can never succeed go to
	 * {@code <topic>.<group>.dlt} with the failure in their headers.
	 */
	@Bean
	CommonErrorHandler kafkaErrorHandler(MessagingProperties properties, DeadLetterPublisher deadLetters,
			ConsumerStalls consumerStalls) {
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff(properties.consumer()));
		handler.addNotRetryableExceptions(NonRetryableEventException.class, MalformedEventException.class,
				UnknownEventTypeException.class);
		handler.setRetryListeners(consumerStalls);
		return handler;
	}

	/**
	 * Exponential backoff without limit, with jitter that grows with the interval.
	 * @param consumer the consumer settings
	 * @return the backoff
	 */
	static ExponentialBackOff backOff(MessagingProperties.Consumer consumer) {
		ExponentialBackOff backOff = new ExponentialBackOff(consumer.initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(consumer.maxBackoff().toMillis());
		backOff.setJitter(Math.round(consumer.initialBackoff().toMillis() * consumer.jitter()));
		return backOff;
	}

	@Bean
	ConsumerStalls consumerStalls(MessagingProperties properties, ObjectProvider<MeterRegistry> meters, Clock clock) {
		MessagingProperties.Consumer consumer = properties.consumer();
		// A stalled record fails at least every max-backoff; a minute on top covers a
		// handler that takes long to fail (e.g. waiting for a database connection).
		return new ConsumerStalls(meters.getIfAvailable(SimpleMeterRegistry::new), clock, consumer.stallThreshold(),
				consumer.maxBackoff().multipliedBy(2).plusMinutes(1));
	}

	/**
	 * Ends a stall as soon as its record succeeds. Steps back for a service's own
	 * interceptor, since Spring Boot applies only a unique one; stalls then end when
	 * their failures stop.
	 */
	@Bean
	@ConditionalOnMissingBean
	RecordInterceptor<Object, Object> consumerStallsInterceptor(ConsumerStalls consumerStalls) {
		return consumerStalls.interceptor();
	}

	@Bean
	@ConditionalOnMissingBean
	ConsumerAwareRebalanceListener consumerStallsRebalanceListener(ConsumerStalls consumerStalls) {
		return consumerStalls.rebalanceListener();
	}

	@Bean
	ConsumerHealthIndicator consumersHealthIndicator(ConsumerStalls consumerStalls) {
		return new ConsumerHealthIndicator(consumerStalls);
	}

}
