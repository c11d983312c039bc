package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.olf.events.customer.CustomerRegistered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CustomerTest {

	@Test
	void registeringRecordsCustomerRegisteredWithAllCreditAvailable() {
		Customer customer = Customer.register("Ada", "ada@example.com", new BigDecimal("100"), Instant.now());

		assertThat(customer.availableCredit()).isEqualByComparingTo("100.00");
		assertThat(customer.reservedCredit()).isZero();
		assertThat(customer.usedCredit()).isZero();
		assertThat(customer.recordedEvents())
			.containsExactly(new CustomerRegistered(customer.id(), "Ada", "ada@example.com", new BigDecimal("100.00")));
	}

	@Test
	void rejectsANegativeCreditLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Customer.register("Ada", "ada@example.com", new BigDecimal("-1.00"), Instant.now()));
	}

}
