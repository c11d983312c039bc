package dev.olf.customers.credit;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import dev.olf.customers.customer.Customer;
import dev.olf.events.Money;
import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReservationFailed.Reason;
import dev.olf.events.customer.CreditReserved;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * The credit the customer service holds for one order, from the saga's first step to its
 * end. It remembers what it holds, so later events of the order release or commit exactly
 * that, and at most once.
 * <p>
 * Saga events may arrive again under a new id or after the order moved on, so every
 * transition that does not apply to the current status changes nothing and records
 * nothing; the listener only dispatches.
 */
@Entity
@Table(name = "credit_reservation")
class CreditReservation extends AbstractAggregateRoot<CreditReservation> {

	@Id
	private UUID orderId;

	private UUID customerId;

	private BigDecimal amount;

	@Enumerated(EnumType.STRING)
	private Status status;

	@Enumerated(EnumType.STRING)
	private @Nullable Reason failureReason;

	// A wrapper, so that a second reservation for an order fails on the primary key
	// instead of being merged over the first.
	@Version
	private @Nullable Long version;

	protected CreditReservation() {
		// for JPA
	}

	private CreditReservation(UUID orderId, UUID customerId, BigDecimal amount, Status status,
			@Nullable Reason failureReason) {
		this.orderId = orderId;
		this.customerId = customerId;
		this.amount = amount;
		this.status = status;
		this.failureReason = failureReason;
	}

	/**
	 * Reserves the order's total from the customer's available credit, or records why it
	 * could not.
	 * @param orderId the order
	 * @param customer the customer who placed it, locked for the caller's transaction
	 * @param total the order's total
	 * @return the reservation, {@link Status#RESERVED} or {@link Status#FAILED}
	 */
	static CreditReservation reserve(UUID orderId, Customer customer, BigDecimal total) {
		BigDecimal amount = Money.of(total, "total");
		if (!customer.hasAvailableCredit(amount)) {
			return failed(orderId, customer.id(), amount, Reason.INSUFFICIENT_CREDIT);
		}
		customer.reserveCredit(amount);
		CreditReservation reservation = new CreditReservation(orderId, customer.id(), amount, Status.RESERVED, null);
		reservation.registerEvent(new CreditReserved(orderId, customer.id(), amount));
		return reservation;
	}

	/**
	 * Records that an order came from a customer this service does not know.
	 * @param orderId the order
	 * @param customerId the unknown customer
	 * @param total the order's total
	 * @return a {@link Status#FAILED} reservation
	 */
	static CreditReservation refuseUnknownCustomer(UUID orderId, UUID customerId, BigDecimal total) {
		return failed(orderId, customerId, Money.of(total, "total"), Reason.UNKNOWN_CUSTOMER);
	}

	private static CreditReservation failed(UUID orderId, UUID customerId, BigDecimal amount, Reason reason) {
		CreditReservation reservation = new CreditReservation(orderId, customerId, amount, Status.FAILED, reason);
		reservation.registerEvent(new CreditReservationFailed(orderId, customerId, amount, reason));
		return reservation;
	}

	/**
	 * The order was confirmed: the reserved credit becomes used. Does nothing unless the
	 * credit is reserved.
	 * @param customer the customer, locked for the caller's transaction
	 */
	void commit(Customer customer) {
		if (this.status != Status.RESERVED) {
			return;
		}
		requireOwner(customer);
		customer.commitReservedCredit(this.amount);
		this.status = Status.COMMITTED;
		registerEvent(new CreditCommitted(this.orderId, this.customerId, this.amount));
	}

	/**
	 * The order was rejected or cancelled before it was confirmed: the reserved credit
	 * becomes available again. Does nothing unless the credit is reserved: a failed
	 * reservation holds nothing.
	 * @param customer the customer, locked for the caller's transaction
	 */
	void release(Customer customer) {
		if (this.status != Status.RESERVED) {
			return;
		}
		requireOwner(customer);
		customer.releaseReservedCredit(this.amount);
		this.status = Status.RELEASED;
		registerEvent(new CreditReleased(this.orderId, this.customerId, this.amount));
	}

	/**
	 * The order was cancelled: whatever it holds, reserved or used, becomes available
	 * again. Does nothing otherwise.
	 * @param customer the customer, locked for the caller's transaction
	 */
	void cancel(Customer customer) {
		if (this.status == Status.RESERVED) {
			release(customer);
		}
		else if (this.status == Status.COMMITTED) {
			requireOwner(customer);
			customer.returnUsedCredit(this.amount);
			this.status = Status.RETURNED;
			registerEvent(new CreditReleased(this.orderId, this.customerId, this.amount));
		}
	}

	/**
	 * Whether the reservation still holds credit, reserved or used.
	 * @return {@code true} if reserved or committed
	 */
	boolean holdsCredit() {
		return this.status == Status.RESERVED || this.status == Status.COMMITTED;
	}

	private void requireOwner(Customer customer) {
		if (!customer.id().equals(this.customerId)) {
			throw new IllegalArgumentException("The credit reservation of order " + this.orderId
					+ " belongs to customer " + this.customerId + ", not " + customer.id());
		}
	}

	UUID orderId() {
		return this.orderId;
	}

	UUID customerId() {
		return this.customerId;
	}

	BigDecimal amount() {
		return this.amount;
	}

	Status status() {
		return this.status;
	}

	@Nullable Reason failureReason() {
		return this.failureReason;
	}

	enum Status {

		/** Credit is held for the order, waiting for its outcome. */
		RESERVED,

		/** No credit could be held; nothing to release. */
		FAILED,

		/** The order was confirmed; the credit is used. */
		COMMITTED,

		/** The order failed or was cancelled before confirmation; the credit is back. */
		RELEASED,

		/** The order was cancelled after confirmation; the used credit is back. */
		RETURNED

	}

}
