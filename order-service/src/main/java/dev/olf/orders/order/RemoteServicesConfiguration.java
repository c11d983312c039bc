package dev.olf.orders.order;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;

import org.springframework.context.annotation.Bean;
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
