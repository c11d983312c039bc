package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.olf.events.customer.CustomerRegistered;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A customer and the credit it has. Credit moves between available, reserved and used;
 * available is always the limit minus the other two.
 */
@Entity
@Table(name = "customer")
class Customer extends AbstractAggregateRoot<Customer> {

	@Id
	private UUID id;

	private String name;

	private String email;

	private BigDecimal creditLimit;

	private BigDecimal reservedCredit;

	private BigDecimal usedCredit;

	private Instant registeredAt;

	@Version
	private long version;

	@SuppressWarnings("NullAway.Init")
	protected Customer() {
		// for JPA
	}

	private Customer(UUID id, String name, String email, BigDecimal creditLimit, Instant registeredAt) {
		this.id = id;
		this.name = name;
		this.email = email;
		this.creditLimit = creditLimit;
		this.reservedCredit = BigDecimal.ZERO.setScale(2);
		this.usedCredit = BigDecimal.ZERO.setScale(2);
		this.registeredAt = registeredAt;
	}

	static Customer register(String name, String email, BigDecimal creditLimit, Instant now) {
		if (creditLimit.signum() < 0) {
			throw new IllegalArgumentException("A credit limit cannot be negative");
		}
		Customer customer = new Customer(UUID.randomUUID(), name, email, creditLimit.setScale(2), now);
		customer.registerEvent(new CustomerRegistered(customer.id, name, email, customer.creditLimit));
		return customer;
	}

	/**
	 * Events recorded since the aggregate was loaded; Spring Data hands them to the
	 * outbox when the repository saves it.
	 * @return the events, oldest first
	 */
	List<Object> recordedEvents() {
		return List.copyOf(domainEvents());
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String email() {
		return this.email;
	}

	BigDecimal creditLimit() {
		return this.creditLimit;
	}

	BigDecimal reservedCredit() {
		return this.reservedCredit;
	}

	BigDecimal usedCredit() {
		return this.usedCredit;
	}

	BigDecimal availableCredit() {
		return this.creditLimit.subtract(this.reservedCredit).subtract(this.usedCredit);
	}

	Instant registeredAt() {
		return this.registeredAt;
	}

}
