package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.olf.customers.customer.CreditReservation.Status;
import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReservationFailed.Reason;
import dev.olf.events.customer.CreditReserved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CreditReservationTest {

	private final UUID orderId = UUID.randomUUID();

	@Test
	void reservesTheTotalAndRecordsCreditReserved() {
		Customer customer = CustomerMother.withCredit("100.00");

		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40"));

		assertThat(reservation.status()).isEqualTo(Status.RESERVED);
		assertThat(reservation.amount()).isEqualTo(new BigDecimal("40.00"));
		assertThat(reservation.failureReason()).isNull();
		assertThat(customer.reservedCredit()).isEqualTo(new BigDecimal("40.00"));
		assertThat(reservation.recordedEvents())
			.containsExactly(new CreditReserved(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void failsWhenCreditIsInsufficientAndTouchesNoCredit() {
		Customer customer = CustomerMother.withCredit("100.00");

		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("100.01"));

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(reservation.failureReason()).isEqualTo(Reason.INSUFFICIENT_CREDIT);
		assertThat(reservation.holdsCredit()).isFalse();
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(reservation.recordedEvents()).containsExactly(new CreditReservationFailed(this.orderId,
				customer.id(), new BigDecimal("100.01"), Reason.INSUFFICIENT_CREDIT));
	}

	@Test
	void failsForAnUnknownCustomer() {
		UUID customerId = UUID.randomUUID();

		CreditReservation reservation = CreditReservation.refuseUnknownCustomer(this.orderId, customerId,
				new BigDecimal("5"));

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(reservation.failureReason()).isEqualTo(Reason.UNKNOWN_CUSTOMER);
		assertThat(reservation.recordedEvents()).containsExactly(
				new CreditReservationFailed(this.orderId, customerId, new BigDecimal("5.00"), Reason.UNKNOWN_CUSTOMER));
	}

	@Test
	void committingUsesTheReservedCreditAndRecordsCreditCommitted() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		reservation.commit(customer);

		assertThat(reservation.status()).isEqualTo(Status.COMMITTED);
		assertThat(customer.reservedCredit()).isZero();
		assertThat(customer.usedCredit()).isEqualTo(new BigDecimal("40.00"));
		assertThat(reservation.recordedEvents()).last()
			.isEqualTo(new CreditCommitted(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void releasingGivesTheReservedCreditBackAndRecordsCreditReleased() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		reservation.release(customer);

		assertThat(reservation.status()).isEqualTo(Status.RELEASED);
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(reservation.recordedEvents()).last()
			.isEqualTo(new CreditReleased(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void cancellingWhileReservedReleasesTheCredit() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		reservation.cancel(customer);

		assertThat(reservation.status()).isEqualTo(Status.RELEASED);
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(reservation.recordedEvents()).last()
			.isEqualTo(new CreditReleased(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void cancellingAfterCommitReturnsTheUsedCredit() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));
		reservation.commit(customer);

		reservation.cancel(customer);

		assertThat(reservation.status()).isEqualTo(Status.RETURNED);
		assertThat(reservation.holdsCredit()).isFalse();
		assertThat(customer.usedCredit()).isZero();
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(reservation.recordedEvents()).last()
			.isEqualTo(new CreditReleased(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void refusesTransitionsFromTheWrongStatus() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation released = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));
		released.release(customer);
		CreditReservation failed = CreditReservation.reserve(UUID.randomUUID(), customer, new BigDecimal("500.00"));

		assertThatIllegalStateException().isThrownBy(() -> released.commit(customer))
			.withMessageContaining("it is RELEASED, not RESERVED");
		assertThatIllegalStateException().isThrownBy(() -> released.release(customer));
		assertThatIllegalStateException().isThrownBy(() -> released.cancel(customer));
		assertThatIllegalStateException().isThrownBy(() -> failed.commit(customer));
		assertThatIllegalStateException().isThrownBy(() -> failed.cancel(customer));
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
	}

	@Test
	void refusesToMoveAnotherCustomersCredit() {
		Customer customer = CustomerMother.withCredit("100.00");
		Customer someoneElse = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		assertThatIllegalArgumentException().isThrownBy(() -> reservation.commit(someoneElse));
		assertThat(reservation.status()).isEqualTo(Status.RESERVED);
		assertThat(someoneElse.usedCredit()).isZero();
	}

}
