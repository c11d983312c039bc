package dev.olf.events.order;

import java.math.BigDecimal;
import java.util.UUID;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.present;

/**
 * The customer cancelled; participants release a reservation or give back what they had
 * committed.
 *
 * @param wasConfirmed whether the order had been confirmed before it was cancelled
 */
public record OrderCancelled(UUID orderId, UUID customerId, BigDecimal total,
		boolean wasConfirmed) implements OrderEvent {

	public OrderCancelled {
		present(orderId, "orderId");
		present(customerId, "customerId");
		total = Money.of(total, "total");
	}

}
