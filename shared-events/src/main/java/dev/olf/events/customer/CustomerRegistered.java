package dev.olf.events.customer;

import java.math.BigDecimal;
import java.util.UUID;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.present;
import static dev.olf.events.Requirements.text;

public record CustomerRegistered(UUID customerId, String name, String email,
		BigDecimal creditLimit) implements CustomerEvent {

	public CustomerRegistered {
		present(customerId, "customerId");
		text(name, "name");
		text(email, "email");
		creditLimit = Money.of(creditLimit, "creditLimit");
	}

	@Override
	public String aggregateId() {
		return this.customerId.toString();
	}

}
