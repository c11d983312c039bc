package dev.olf.orders.order;

import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * What the order service reads from inventory, for queries only: state changes travel as
 * events. Its base URL and timeouts are the {@code inventory-service} group of
 * {@code spring.http.serviceclient}.
 */
@ClientRegistrationId(RemoteServicesConfiguration.CLIENT_REGISTRATION)
@HttpExchange("/api/products")
interface InventoryServiceClient {

	@GetExchange("/{sku}")
	Product product(@PathVariable String sku);

	record Product(String sku, String name, int available) {
	}

}
