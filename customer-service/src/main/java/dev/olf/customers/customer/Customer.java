package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import dev.olf.domain.ConflictException;
import dev.olf.events.Money;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CustomerRegistered;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A customer and the credit it has. Credit moves between available, reserved and used;
 * available is always the limit minus the other two, so the three always add up to the
 * limit.
 * <p>
 * The credit movements of the saga are public for the credit reservations, and record no
 * event of their own: the reservation that moves the credit records it.
 */
@Entity
@Table(name = "customer")
public class Customer extends AbstractAggregateRoot<Customer> {

	@Id
	private UUID id;

	private String name;

	private String email;

	private BigDecimal creditLimit;

	private BigDecimal reservedCredit;

	private BigDecimal usedCredit;

	private Instant registeredAt;

	// A wrapper, so that a new customer is persisted rather than merged.
	@Version
	private @Nullable Long version;

	protected Customer() {
		// for JPA
	}

	private Customer(UUID id, String name, String email, BigDecimal creditLimit, Instant registeredAt) {
		this.id = id;
		this.name = name;
		this.email = email;
		this.creditLimit = creditLimit;
		this.reservedCredit = BigDecimal.ZERO.setScale(Money.SCALE);
		this.usedCredit = BigDecimal.ZERO.setScale(Money.SCALE);
		this.registeredAt = registeredAt;
	}

	static Customer register(String name, String email, BigDecimal creditLimit, Instant now) {
		Customer customer = new Customer(UUID.randomUUID(), name, email, amount(creditLimit, "A credit limit"), now);
		customer.registerEvent(new CustomerRegistered(customer.id, name, email, customer.creditLimit));
		return customer;
	}

	/**
	 * Sets a new limit; what is already reserved or used stays, so the limit cannot drop
	 * below it.
	 * @param newLimit the limit
	 * @throws ConflictException if the limit is below the reserved and used credit
	 */
	void changeCreditLimit(BigDecimal newLimit) {
		BigDecimal limit = amount(newLimit, "A credit limit");
		BigDecimal committed = this.reservedCredit.add(this.usedCredit);
		if (limit.compareTo(committed) < 0) {
			throw new ConflictException("The credit limit " + limit.toPlainString() + " is below the "
					+ committed.toPlainString() + " of credit already reserved (" + this.reservedCredit.toPlainString()
					+ ") and used (" + this.usedCredit.toPlainString() + ") by orders");
		}
		if (limit.compareTo(this.creditLimit) == 0) {
			// Setting the same limit again changes nothing, so there is nothing to tell.
			return;
		}
		this.creditLimit = limit;
		registerEvent(new CreditLimitChanged(this.id, limit));
	}

	public boolean hasAvailableCredit(BigDecimal amount) {
		return availableCredit().compareTo(amount) >= 0;
	}

	/**
	 * Moves credit from available to reserved.
	 * @param amount the amount to hold
	 */
	public void reserveCredit(BigDecimal amount) {
		BigDecimal credit = amount(amount, "A reservation");
		if (!hasAvailableCredit(credit)) {
			throw new IllegalStateException("Cannot reserve " + credit.toPlainString() + ": only "
					+ availableCredit().toPlainString() + " of credit is available");
		}
		this.reservedCredit = this.reservedCredit.add(credit);
	}

	/**
	 * Moves reserved credit to used, when the order it was held for is confirmed.
	 * @param amount the amount reserved for the order
	 */
	public void commitReservedCredit(BigDecimal amount) {
		BigDecimal credit = reserved(amount);
		this.reservedCredit = this.reservedCredit.subtract(credit);
		this.usedCredit = this.usedCredit.add(credit);
	}

	/**
	 * Gives reserved credit back, when the order it was held for fails or is cancelled.
	 * @param amount the amount reserved for the order
	 */
	public void releaseReservedCredit(BigDecimal amount) {
		this.reservedCredit = this.reservedCredit.subtract(reserved(amount));
	}

	/**
	 * Gives used credit back, when a confirmed order is cancelled.
	 * @param amount the amount the order used
	 */
	public void returnUsedCredit(BigDecimal amount) {
		BigDecimal credit = amount(amount, "A returned amount");
		if (credit.compareTo(this.usedCredit) > 0) {
			throw new IllegalStateException("Cannot return " + credit.toPlainString() + ": only "
					+ this.usedCredit.toPlainString() + " of credit is used");
		}
		this.usedCredit = this.usedCredit.subtract(credit);
	}

	private BigDecimal reserved(BigDecimal amount) {
		BigDecimal credit = amount(amount, "A reserved amount");
		if (credit.compareTo(this.reservedCredit) > 0) {
			throw new IllegalStateException("Cannot take " + credit.toPlainString() + " from reserved credit: only "
					+ this.reservedCredit.toPlainString() + " is reserved");
		}
		return credit;
	}

	private static BigDecimal amount(BigDecimal amount, String what) {
		if (amount.signum() < 0) {
			throw new IllegalArgumentException(what + " cannot be negative, was " + amount.toPlainString());
		}
		return Money.of(amount, what);
	}

	public UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String email() {
		return this.email;
	}

	public BigDecimal creditLimit() {
		return this.creditLimit;
	}

	public BigDecimal reservedCredit() {
		return this.reservedCredit;
	}

	public BigDecimal usedCredit() {
		return this.usedCredit;
	}

	public BigDecimal availableCredit() {
		return this.creditLimit.subtract(this.reservedCredit).subtract(this.usedCredit);
	}

	Instant registeredAt() {
		return this.registeredAt;
	}

}
