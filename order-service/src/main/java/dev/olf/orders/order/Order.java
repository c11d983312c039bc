package dev.olf.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import dev.olf.domain.ConflictException;
import dev.olf.events.Money;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderLine;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * An order and its side of the saga. Inventory and customers reserve in parallel; the
 * order is confirmed when both have reserved, rejected with every reason once both have
 * answered and one failed, and rejected with {@code TIMEOUT} if an answer is missing at
 * the deadline.
 */
@Entity
@Table(name = "orders")
class Order extends AbstractAggregateRoot<Order> {

	enum Status {

		PENDING, CONFIRMED, REJECTED, CANCELLED

	}

	/**
	 * What one participant has answered.
	 */
	enum Reservation {

		AWAITED, RESERVED, FAILED

	}

	@Id
	private UUID id;

	private UUID customerId;

	@Enumerated(EnumType.STRING)
	private Status status;

	private BigDecimal total;

	@Enumerated(EnumType.STRING)
	private Reservation stock;

	@Enumerated(EnumType.STRING)
	private Reservation credit;

	private Instant placedAt;

	private Instant deadline;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
	@OrderColumn(name = "position")
	private List<Line> lines = new ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_rejection_reason", joinColumns = @JoinColumn(name = "order_id"))
	@Column(name = "reason")
	@Enumerated(EnumType.STRING)
	private Set<RejectionReason> rejectionReasons = EnumSet.noneOf(RejectionReason.class);

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_history", joinColumns = @JoinColumn(name = "order_id"))
	@OrderColumn(name = "position")
	private List<StatusChange> history = new ArrayList<>();

	/**
	 * The W3C {@code traceparent} of the request that placed the order, so that what
	 * happens to it without a message to carry the trace (its deadline) joins its trace.
	 */
	private @Nullable String traceparent;

	@Version
	private long version;

	protected Order() {
		// for JPA
	}

	private Order(UUID id, UUID customerId, List<Line> lines, Instant placedAt, Instant deadline) {
		this.id = id;
		this.customerId = customerId;
		this.lines = new ArrayList<>(lines);
		this.total = Money.of(lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add), "total");
		this.status = Status.PENDING;
		this.stock = Reservation.AWAITED;
		this.credit = Reservation.AWAITED;
		this.placedAt = placedAt;
		this.deadline = deadline;
		this.history.add(new StatusChange(Status.PENDING, placedAt));
	}

	/**
	 * Places an order, which starts the saga.
	 * @param customerId who orders
	 * @param lines priced lines, at least one
	 * @param now the time
	 * @param deadline when the saga gives up waiting for answers
	 * @return the pending order, with {@link OrderPlaced} recorded
	 */
	static Order place(UUID customerId, List<Line> lines, Instant now, Instant deadline) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		Order order = new Order(UUID.randomUUID(), customerId, lines, now, deadline);
		order.registerEvent(
				new OrderPlaced(order.id, customerId, lines.stream().map(Line::toEvent).toList(), order.total));
		return order;
	}

	/**
	 * @param traceparent the trace the order's saga belongs to: the placing request's
	 */
	void belongsToTrace(@Nullable String traceparent) {
		this.traceparent = traceparent;
	}

	@Nullable String traceparent() {
		return this.traceparent;
	}

	void stockReserved(Instant now) {
		if (this.status == Status.PENDING) {
			this.stock = Reservation.RESERVED;
			decide(now);
		}
	}

	void stockFailed(RejectionReason reason, Instant now) {
		if (this.status == Status.PENDING) {
			this.stock = Reservation.FAILED;
			this.rejectionReasons.add(reason);
			decide(now);
		}
	}

	void creditReserved(Instant now) {
		if (this.status == Status.PENDING) {
			this.credit = Reservation.RESERVED;
			decide(now);
		}
	}

	void creditFailed(RejectionReason reason, Instant now) {
		if (this.status == Status.PENDING) {
			this.credit = Reservation.FAILED;
			this.rejectionReasons.add(reason);
			decide(now);
		}
	}

	/**
	 * Rejects the order with {@code TIMEOUT} if it is still pending at its deadline.
	 * @param now the time
	 * @return whether the order was rejected
	 */
	boolean expire(Instant now) {
		if (this.status != Status.PENDING || now.isBefore(this.deadline)) {
			return false;
		}
		this.rejectionReasons.add(RejectionReason.TIMEOUT);
		reject(now);
		return true;
	}

	/**
	 * Cancels a pending or confirmed order; participants then give back what they hold.
	 * @param now the time
	 * @throws ConflictException if the order was already rejected or cancelled
	 */
	void cancel(Instant now) {
		if (this.status != Status.PENDING && this.status != Status.CONFIRMED) {
			throw new ConflictException(
					"Order " + this.id + " is " + this.status + "; only a pending or confirmed order can be cancelled");
		}
		boolean wasConfirmed = this.status == Status.CONFIRMED;
		// A reservation that failed while the order waited for the other one did not
		// reject it: a cancelled order shows, and the statistics count, no rejection.
		this.rejectionReasons.clear();
		transition(Status.CANCELLED, now);
		registerEvent(new OrderCancelled(this.id, this.customerId, this.total, wasConfirmed));
	}

	private void decide(Instant now) {
		if (this.stock == Reservation.RESERVED && this.credit == Reservation.RESERVED) {
			transition(Status.CONFIRMED, now);
			registerEvent(new OrderConfirmed(this.id, this.customerId, this.total));
		}
		else if (this.stock != Reservation.AWAITED && this.credit != Reservation.AWAITED) {
			reject(now);
		}
	}

	private void reject(Instant now) {
		transition(Status.REJECTED, now);
		registerEvent(new OrderRejected(this.id, this.customerId, List.copyOf(this.rejectionReasons)));
	}

	private void transition(Status next, Instant now) {
		this.status = next;
		this.history.add(new StatusChange(next, now));
	}

	UUID id() {
		return this.id;
	}

	UUID customerId() {
		return this.customerId;
	}

	Status status() {
		return this.status;
	}

	BigDecimal total() {
		return this.total;
	}

	List<Line> lines() {
		return List.copyOf(this.lines);
	}

	Set<RejectionReason> rejectionReasons() {
		return this.rejectionReasons.isEmpty() ? Set.of() : EnumSet.copyOf(this.rejectionReasons);
	}

	List<StatusChange> history() {
		return List.copyOf(this.history);
	}

	Instant deadline() {
		return this.deadline;
	}

	/**
	 * A line, priced from the catalogue when the order was placed.
	 */
	@Embeddable
	record Line(String sku, int quantity, BigDecimal unitPrice) {

		BigDecimal amount() {
			return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
		}

		OrderLine toEvent() {
			return new OrderLine(this.sku, this.quantity, this.unitPrice);
		}

	}

	@Embeddable
	record StatusChange(@Enumerated(EnumType.STRING) Status status, Instant at) {

	}

}
