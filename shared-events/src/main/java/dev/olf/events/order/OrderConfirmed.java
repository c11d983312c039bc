package dev.olf.events.order;

import java.math.BigDecimal;
import java.util.UUID;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.present;

/**
 * Stock and credit were both reserved; participants now commit their reservations.
 */
public record OrderConfirmed(UUID orderId, UUID customerId, BigDecimal total) implements OrderEvent {

	public OrderConfirmed {
		present(orderId, "orderId");
		present(customerId, "customerId");
		total = Money.of(total, "total");
	}

}
