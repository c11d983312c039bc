package dev.olf.messaging.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.olf.messaging.MessagingProperties;
import dev.olf.messaging.PeriodicTask;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbox's retention and size gauge, see {@link InboxRetention}.
 */
@Configuration(proxyBeanMethods = false)
public class InboxRetentionConfiguration {

	@Bean
	InboxRetention inboxRetention(DataSource dataSource, Clock clock, MessagingProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		return new InboxRetention(JdbcClient.create(dataSource), clock, properties.inbox(),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	PeriodicTask inboxRetentionTask(InboxRetention retention, MessagingProperties properties) {
		Duration interval = properties.inbox().cleanupInterval();
		// A random first delay spreads the instances of a service over the interval.
		Duration firstDelay = Duration.ofMillis(ThreadLocalRandom.current().nextLong(interval.toMillis() + 1));
		return new PeriodicTask("inbox-retention", retention::deleteExpired, firstDelay, interval);
	}

}
