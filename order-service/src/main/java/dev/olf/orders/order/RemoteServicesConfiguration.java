package dev.olf.orders.order;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.support.OAuth2RestClientHttpServiceGroupConfigurer;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The clients of the other services and the guards around them. The HTTP interface
 * clients come from Spring's HTTP service registry, one group per service; their
 * Resilience4j instances are named after the same group.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = RemoteServicesConfiguration.CUSTOMER_SERVICE, types = CustomerServiceClient.class)
@ImportHttpServices(group = RemoteServicesConfiguration.INVENTORY_SERVICE, types = InventoryServiceClient.class)
class RemoteServicesConfiguration {

	static final String CUSTOMER_SERVICE = "customer-service";

	static final String INVENTORY_SERVICE = "inventory-service";

	/** The client registration whose token the calls carry. */
	static final String CLIENT_REGISTRATION = "order-service";

	/**
	 * Every call carries order-service's own token, fetched with client credentials and
	 * kept until it expires, rather than the caller's: the caller may read orders without
	 * being allowed to read customers, and the calls run on threads of their own, where
	 * the caller's request is out of reach.
	 * @param registrations the client registrations
	 * @param clients where the tokens are kept
	 * @return the configurer that adds the token to the groups' clients
	 */
	@Bean
	OAuth2RestClientHttpServiceGroupConfigurer serviceTokens(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService clients) {
		return OAuth2RestClientHttpServiceGroupConfigurer
			.from(new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients));
	}

	@Bean(destroyMethod = "close")
	ExecutorService remoteCallThreads() {
		return Executors.newVirtualThreadPerTaskExecutor();
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService remoteCallTimers() {
		return Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("remote-call-timer").daemon().factory());
	}

	@Bean
	OrderDetails orderDetails(CustomerServiceClient customers, InventoryServiceClient inventory,
			CircuitBreakerRegistry breakers, RetryRegistry retries, TimeLimiterRegistry timeLimiters,
			BulkheadRegistry bulkheads, ExecutorService remoteCallThreads, ScheduledExecutorService remoteCallTimers) {
		return new OrderDetails(customers, inventory,
				guarded(CUSTOMER_SERVICE, breakers, retries, timeLimiters, bulkheads, remoteCallThreads,
						remoteCallTimers),
				guarded(INVENTORY_SERVICE, breakers, retries, timeLimiters, bulkheads, remoteCallThreads,
						remoteCallTimers));
	}

	private static GuardedCalls guarded(String service, CircuitBreakerRegistry breakers, RetryRegistry retries,
			TimeLimiterRegistry timeLimiters, BulkheadRegistry bulkheads, ExecutorService calls,
			ScheduledExecutorService timers) {
		return new GuardedCalls(bulkheads.bulkhead(service), timeLimiters.timeLimiter(service),
				breakers.circuitBreaker(service), retries.retry(service), calls, timers);
	}

}
