package dev.olf.messaging.inbox;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.olf.messaging.MessagingProperties;

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

}
