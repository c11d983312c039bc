package dev.olf.messaging.contract;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event contract's endpoints, in every service with a web server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
// Refuses an unknown schema as every resource refuses, through shared-web.
@ConditionalOnClass(name = "dev.olf.domain.NotFoundException")
public class EventContractConfiguration {

	@Bean
	EventContractController eventContractController() {
		return new EventContractController();
	}

}
