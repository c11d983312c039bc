package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.RecordedEvents;
import dev.olf.domain.ConflictException;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CustomerRegistered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CustomerTest {

	@Test
	void registeringRecordsCustomerRegisteredWithAllCreditAvailable() {
		Customer customer = Customer.register("Ada", "ada@example.com", new BigDecimal("100"), Instant.now());

		assertThat(customer.availableCredit()).isEqualByComparingTo("100.00");
		assertThat(customer.reservedCredit()).isZero();
		assertThat(customer.usedCredit()).isZero();
		assertThat(RecordedEvents.of(customer))
			.containsExactly(new CustomerRegistered(customer.id(), "Ada", "ada@example.com", new BigDecimal("100.00")));
	}

	@Test
	void rejectsANegativeCreditLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Customer.register("Ada", "ada@example.com", new BigDecimal("-1.00"), Instant.now()));
	}

	@Test
	void reservingMovesCreditFromAvailableToReserved() {
		Customer customer = CustomerMother.withCredit("100.00");

		customer.reserveCredit(new BigDecimal("30.00"));

		assertCredit(customer, "70.00", "30.00", "0.00");
	}

	@Test
	void refusesToReserveMoreThanIsAvailable() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("60.00"));

		assertThat(customer.hasAvailableCredit(new BigDecimal("40.01"))).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> customer.reserveCredit(new BigDecimal("40.01")))
			.withMessageContaining("only 40.00 of credit is available");
		assertCredit(customer, "40.00", "60.00", "0.00");
	}

	@Test
	void reservesExactlyTheAvailableCredit() {
		Customer customer = CustomerMother.withCredit("100.00");

		customer.reserveCredit(new BigDecimal("100.00"));

		assertCredit(customer, "0.00", "100.00", "0.00");
	}

	@Test
	void committingMovesCreditFromReservedToUsed() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));

		customer.commitReservedCredit(new BigDecimal("30.00"));

		assertCredit(customer, "70.00", "0.00", "30.00");
	}

	@Test
	void releasingGivesReservedCreditBack() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));

		customer.releaseReservedCredit(new BigDecimal("30.00"));

		assertCredit(customer, "100.00", "0.00", "0.00");
	}

	@Test
	void returningGivesUsedCreditBack() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));
		customer.commitReservedCredit(new BigDecimal("30.00"));

		customer.returnUsedCredit(new BigDecimal("30.00"));

		assertCredit(customer, "100.00", "0.00", "0.00");
	}

	@Test
	void neverTakesMoreThanIsReservedOrUsed() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));

		assertThatIllegalStateException().isThrownBy(() -> customer.commitReservedCredit(new BigDecimal("30.01")));
		assertThatIllegalStateException().isThrownBy(() -> customer.releaseReservedCredit(new BigDecimal("30.01")));
		assertThatIllegalStateException().isThrownBy(() -> customer.returnUsedCredit(new BigDecimal("0.01")));
		assertCredit(customer, "70.00", "30.00", "0.00");
	}

	@Test
	void changingTheLimitKeepsReservedAndUsedCreditAndRecordsCreditLimitChanged() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));
		customer.commitReservedCredit(new BigDecimal("20.00"));

		customer.changeCreditLimit(new BigDecimal("150"));

		assertThat(customer.creditLimit()).isEqualTo(new BigDecimal("150.00"));
		assertCredit(customer, "120.00", "10.00", "20.00");
		assertThat(RecordedEvents.of(customer)).last()
			.isEqualTo(new CreditLimitChanged(customer.id(), new BigDecimal("150.00")));
	}

	@Test
	void lowersTheLimitDownToWhatIsReservedAndUsed() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));
		customer.commitReservedCredit(new BigDecimal("20.00"));

		customer.changeCreditLimit(new BigDecimal("30.00"));

		assertCredit(customer, "0.00", "10.00", "20.00");
	}

	@Test
	void refusesALimitBelowTheReservedAndUsedCredit() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("30.00"));
		customer.commitReservedCredit(new BigDecimal("20.00"));

		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> customer.changeCreditLimit(new BigDecimal("29.99")))
			.withMessage("The credit limit 29.99 is below the 30.00 of credit already reserved (10.00) "
					+ "and used (20.00) by orders");
		assertThat(customer.creditLimit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(RecordedEvents.of(customer)).noneMatch(CreditLimitChanged.class::isInstance);
	}

	@Test
	void settingTheSameLimitAgainRecordsNothing() {
		Customer customer = CustomerMother.withCredit("100.00");

		customer.changeCreditLimit(new BigDecimal("100"));

		assertThat(RecordedEvents.of(customer)).noneMatch(CreditLimitChanged.class::isInstance);
	}

	@Test
	void refusesANegativeOrOverPreciseLimit() {
		Customer customer = CustomerMother.withCredit("100.00");

		assertThatIllegalArgumentException().isThrownBy(() -> customer.changeCreditLimit(new BigDecimal("-0.01")));
		assertThatIllegalArgumentException().isThrownBy(() -> customer.changeCreditLimit(new BigDecimal("1.005")));
	}

	private static void assertCredit(Customer customer, String available, String reserved, String used) {
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal(available));
		assertThat(customer.reservedCredit()).isEqualTo(new BigDecimal(reserved));
		assertThat(customer.usedCredit()).isEqualTo(new BigDecimal(used));
		assertThat(customer.availableCredit().add(customer.reservedCredit()).add(customer.usedCredit()))
			.isEqualTo(customer.creditLimit());
	}

}
