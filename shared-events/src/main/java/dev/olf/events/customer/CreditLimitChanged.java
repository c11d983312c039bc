package dev.olf.events.customer;

import java.math.BigDecimal;
import java.util.UUID;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.present;

public record CreditLimitChanged(UUID customerId, BigDecimal creditLimit) implements CustomerEvent {

	public CreditLimitChanged {
		present(customerId, "customerId");
		creditLimit = Money.of(creditLimit, "creditLimit");
	}

	@Override
	public String aggregateId() {
		return this.customerId.toString();
	}

}
