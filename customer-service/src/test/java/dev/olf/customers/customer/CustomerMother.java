package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Customers for tests, each with an email of its own.
 */
public final class CustomerMother {

	private CustomerMother() {
	}

	public static Customer withCredit(String creditLimit) {
		String unique = UUID.randomUUID().toString();
		return Customer.register("Ada " + unique, "ada-" + unique + "@example.com", new BigDecimal(creditLimit),
				Instant.now());
	}

}
