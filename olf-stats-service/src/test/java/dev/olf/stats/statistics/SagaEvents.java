package dev.olf.stats.statistics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.olf.events.DomainEvent;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockLine;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReserved;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderLine;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;

/**
 * Known sequences of events as the services would publish them, each with its id and
 * time, and the key that orders it on its topic. Public for the dashboard's browser test.
 */
public final class SagaEvents {

	static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

	private final List<Published> events = new ArrayList<>();

	private int second;

	public record Published(UUID id, DomainEvent event, Instant time) {

		String partitionKey() {
			return this.event.getClass().getPackageName() + "/" + this.event.aggregateId();
		}

	}

	public List<Published> events() {
		return List.copyOf(this.events);
	}

	SagaEvents add(DomainEvent event) {
		this.events.add(new Published(UUID.randomUUID(), event, START.plusSeconds(this.second++)));
		return this;
	}

	public SagaEvents customer(UUID id) {
		return add(new CustomerRegistered(id, "Customer", id + "@example.com", new BigDecimal("100.00")));
	}

	public SagaEvents product(String sku, String price, int quantity) {
		return product(sku, "Product " + sku, price, quantity);
	}

	public SagaEvents product(String sku, String name, String price, int quantity) {
		return add(new ProductAdded(sku, name, new BigDecimal(price), quantity));
	}

	public SagaEvents restock(String sku, int change, int onHand) {
		return add(new StockAdjusted(sku, change, onHand));
	}

	/**
	 * An order that is confirmed, with its reservations and commits.
	 */
	public SagaEvents confirmed(UUID order, UUID customer, String sku, int quantity, String unitPrice) {
		OrderPlaced placed = placed(order, customer, sku, quantity, unitPrice);
		add(placed);
		add(new StockReserved(order, List.of(new StockLine(sku, quantity))));
		add(new CreditReserved(order, customer, placed.total()));
		add(new OrderConfirmed(order, customer, placed.total()));
		return add(new StockCommitted(order, List.of(new StockLine(sku, quantity))));
	}

	/**
	 * An order rejected for credit and stock at once; nothing was held.
	 */
	public SagaEvents rejected(UUID order, UUID customer, String sku, int quantity, String unitPrice) {
		add(placed(order, customer, sku, quantity, unitPrice));
		add(new StockReservationFailed(order, StockReservationFailed.Reason.OUT_OF_STOCK, List.of(sku)));
		return add(new OrderRejected(order, customer,
				List.of(RejectionReason.INSUFFICIENT_CREDIT, RejectionReason.OUT_OF_STOCK)));
	}

	/**
	 * An order rejected for credit: the stock reserved for it goes back.
	 */
	public SagaEvents rejectedForCredit(UUID order, UUID customer, String sku, int quantity, String unitPrice) {
		OrderPlaced placed = placed(order, customer, sku, quantity, unitPrice);
		add(placed);
		add(new StockReserved(order, List.of(new StockLine(sku, quantity))));
		add(new CreditReservationFailed(order, customer, placed.total(),
				CreditReservationFailed.Reason.INSUFFICIENT_CREDIT));
		add(new OrderRejected(order, customer, List.of(RejectionReason.INSUFFICIENT_CREDIT)));
		return add(new StockReleased(order, List.of(new StockLine(sku, quantity))));
	}

	/**
	 * An order nobody answered for before its deadline.
	 */
	public SagaEvents timedOut(UUID order, UUID customer, String sku, int quantity, String unitPrice) {
		add(placed(order, customer, sku, quantity, unitPrice));
		return add(new OrderRejected(order, customer, List.of(RejectionReason.TIMEOUT)));
	}

	/**
	 * An order still waiting for its participants.
	 */
	public SagaEvents pending(UUID order, UUID customer, String sku, int quantity, String unitPrice) {
		return add(placed(order, customer, sku, quantity, unitPrice));
	}

	/**
	 * A confirmed order cancelled afterwards: stock goes back on hand.
	 */
	public SagaEvents cancelledAfterConfirmation(UUID order, UUID customer, String sku, int quantity,
			String unitPrice) {
		confirmed(order, customer, sku, quantity, unitPrice);
		OrderPlaced placed = placed(order, customer, sku, quantity, unitPrice);
		add(new OrderCancelled(order, customer, placed.total(), true));
		return add(new StockReleased(order, List.of(new StockLine(sku, quantity))));
	}

	private static OrderPlaced placed(UUID order, UUID customer, String sku, int quantity, String unitPrice) {
		BigDecimal price = new BigDecimal(unitPrice);
		return new OrderPlaced(order, customer, List.of(new OrderLine(sku, quantity, price)),
				price.multiply(BigDecimal.valueOf(quantity)));
	}

}
