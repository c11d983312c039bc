package dev.olf.orders.order;

import java.util.UUID;

import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * What the order service reads from the customer service, for queries only: state changes
 * travel as events. Its base URL and timeouts are the {@code customer-service} group of
 * {@code spring.http.serviceclient}.
 */
@ClientRegistrationId(RemoteServicesConfiguration.CLIENT_REGISTRATION)
@HttpExchange("/api/customers")
interface CustomerServiceClient {

	@GetExchange("/{id}")
	Customer customer(@PathVariable UUID id);

	record Customer(UUID id, String name) {
	}

}
