package dev.olf.events.customer;

import java.math.BigDecimal;
import java.util.UUID;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.present;

/**
 * Keyed by the order id: the saga's events of one order stay in order.
 */
public record CreditReleased(UUID orderId, UUID customerId, BigDecimal amount) implements CustomerEvent {

	public CreditReleased {
		present(orderId, "orderId");
		present(customerId, "customerId");
		amount = Money.of(amount, "amount");
	}

	@Override
	public String aggregateId() {
		return this.orderId.toString();
	}

}
