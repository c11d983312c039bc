package dev.olf.customers.credit;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.RecordedEvents;
import dev.olf.customers.credit.CreditReservation.Status;
import dev.olf.customers.customer.Customer;
import dev.olf.customers.customer.CustomerMother;
import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReservationFailed.Reason;
import dev.olf.events.customer.CreditReserved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
		assertThat(RecordedEvents.of(reservation))
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
		assertThat(RecordedEvents.of(reservation)).containsExactly(new CreditReservationFailed(this.orderId,
				customer.id(), new BigDecimal("100.01"), Reason.INSUFFICIENT_CREDIT));
	}

	@Test
	void failsForAnUnknownCustomer() {
		UUID customerId = UUID.randomUUID();

		CreditReservation reservation = CreditReservation.refuseUnknownCustomer(this.orderId, customerId,
				new BigDecimal("5"));

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(reservation.failureReason()).isEqualTo(Reason.UNKNOWN_CUSTOMER);
		assertThat(RecordedEvents.of(reservation)).containsExactly(
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
		assertThat(RecordedEvents.of(reservation)).last()
			.isEqualTo(new CreditCommitted(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void releasingGivesTheReservedCreditBackAndRecordsCreditReleased() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		reservation.release(customer);

		assertThat(reservation.status()).isEqualTo(Status.RELEASED);
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(RecordedEvents.of(reservation)).last()
			.isEqualTo(new CreditReleased(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void cancellingWhileReservedReleasesTheCredit() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		reservation.cancel(customer);

		assertThat(reservation.status()).isEqualTo(Status.RELEASED);
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(RecordedEvents.of(reservation)).last()
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
		assertThat(RecordedEvents.of(reservation)).last()
			.isEqualTo(new CreditReleased(this.orderId, customer.id(), new BigDecimal("40.00")));
	}

	@Test
	void ignoresTransitionsThatDoNotApplyToItsStatus() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation released = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));
		released.release(customer);
		CreditReservation failed = CreditReservation.reserve(UUID.randomUUID(), customer, new BigDecimal("500.00"));
		int releasedEvents = RecordedEvents.of(released).size();
		int failedEvents = RecordedEvents.of(failed).size();

		released.commit(customer);
		released.release(customer);
		released.cancel(customer);
		failed.commit(customer);
		failed.release(customer);
		failed.cancel(customer);

		assertThat(released.status()).isEqualTo(Status.RELEASED);
		assertThat(failed.status()).isEqualTo(Status.FAILED);
		assertThat(RecordedEvents.of(released)).hasSize(releasedEvents);
		assertThat(RecordedEvents.of(failed)).hasSize(failedEvents);
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(customer.reservedCredit()).isZero();
		assertThat(customer.usedCredit()).isZero();
	}

	@Test
	void commitsAndReturnsCreditOnlyOnce() {
		Customer customer = CustomerMother.withCredit("100.00");
		CreditReservation reservation = CreditReservation.reserve(this.orderId, customer, new BigDecimal("40.00"));

		reservation.commit(customer);
		reservation.commit(customer);
		assertThat(customer.usedCredit()).isEqualTo(new BigDecimal("40.00"));

		reservation.cancel(customer);
		reservation.cancel(customer);
		assertThat(customer.usedCredit()).isZero();
		assertThat(customer.availableCredit()).isEqualTo(new BigDecimal("100.00"));
		assertThat(RecordedEvents.of(reservation)).hasSize(3);
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
