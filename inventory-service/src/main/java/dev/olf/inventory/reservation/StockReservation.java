package dev.olf.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockLine;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReservationFailed.Reason;
import dev.olf.events.inventory.StockReserved;
import dev.olf.inventory.product.Product;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * What inventory holds for one order. An order reserves every line or none; a held
 * reservation is later committed (the order was confirmed), released (rejected or
 * cancelled while pending) or returned (cancelled after it was confirmed).
 * <p>
 * Saga events may arrive again under a new id or after the order moved on, so every
 * transition that does not apply to the current status changes nothing and records
 * nothing.
 */
@Entity
@Table(name = "reservation")
class StockReservation extends AbstractAggregateRoot<StockReservation> {

	@Id
	private UUID orderId;

	@Enumerated(EnumType.STRING)
	private Status status;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "order_id"))
	@OrderBy("sku")
	private List<Line> lines;

	private Instant createdAt;

	// A wrapper, so that Spring Data sees a reservation not yet stored as new and
	// persists it.
	@Version
	private @Nullable Long version;

	protected StockReservation() {
		// for JPA
	}

	private StockReservation(UUID orderId, Status status, List<Line> lines, Instant createdAt) {
		this.orderId = orderId;
		this.status = status;
		this.lines = new ArrayList<>(lines);
		this.createdAt = createdAt;
	}

	/**
	 * Reserves every line of an order, or none if a product is unknown or short.
	 * @param orderId the order
	 * @param requested the order's lines; a sku may appear more than once
	 * @param stock the products the order names that exist, locked by the caller
	 * @param now when
	 * @return a reservation that holds the lines and recorded {@link StockReserved}, or a
	 * failed one that holds nothing and recorded {@link StockReservationFailed}
	 */
	static StockReservation place(UUID orderId, List<StockLine> requested, Map<String, Product> stock, Instant now) {
		// Long, so that an absurd order is merely out of stock rather than an overflow.
		Map<String, Long> demand = new TreeMap<>();
		requested.forEach((line) -> demand.merge(line.sku(), (long) line.quantity(), Long::sum));
		List<String> unknown = demand.keySet().stream().filter((sku) -> !stock.containsKey(sku)).toList();
		if (!unknown.isEmpty()) {
			return failed(orderId, Reason.UNKNOWN_PRODUCT, unknown, now);
		}
		List<String> outOfStock = demand.entrySet()
			.stream()
			.filter((wanted) -> wanted.getValue() > product(stock, wanted.getKey()).available())
			.map(Map.Entry::getKey)
			.toList();
		if (!outOfStock.isEmpty()) {
			return failed(orderId, Reason.OUT_OF_STOCK, outOfStock, now);
		}
		List<Line> lines = demand.entrySet()
			.stream()
			.map((wanted) -> new Line(wanted.getKey(), Math.toIntExact(wanted.getValue())))
			.toList();
		lines.forEach((line) -> product(stock, line.sku()).reserve(line.quantity()));
		StockReservation reservation = new StockReservation(orderId, Status.RESERVED, lines, now);
		reservation.registerEvent(new StockReserved(orderId, reservation.stockLines()));
		return reservation;
	}

	private static StockReservation failed(UUID orderId, Reason reason, List<String> skus, Instant now) {
		StockReservation reservation = new StockReservation(orderId, Status.FAILED, List.of(), now);
		reservation.registerEvent(new StockReservationFailed(orderId, reason, skus));
		return reservation;
	}

	/**
	 * Takes the reserved units off stock, for a confirmed order. Does nothing unless the
	 * reservation is held.
	 * @param stock the reserved products, locked by the caller
	 */
	void commit(Map<String, Product> stock) {
		if (this.status != Status.RESERVED) {
			return;
		}
		this.lines.forEach((line) -> product(stock, line.sku()).commit(line.quantity()));
		this.status = Status.COMMITTED;
		registerEvent(new StockCommitted(this.orderId, stockLines()));
	}

	/**
	 * Makes the reserved units available again, for a rejected order. Does nothing unless
	 * the reservation is held: a failed one holds nothing.
	 * @param stock the reserved products, locked by the caller
	 */
	void release(Map<String, Product> stock) {
		if (this.status != Status.RESERVED) {
			return;
		}
		this.lines.forEach((line) -> product(stock, line.sku()).release(line.quantity()));
		this.status = Status.RELEASED;
		registerEvent(new StockReleased(this.orderId, stockLines()));
	}

	/**
	 * Gives back whatever the order holds, for a cancelled order: a held reservation is
	 * released, committed units go back on hand. Does nothing otherwise.
	 * @param stock the order's products, locked by the caller
	 */
	void cancel(Map<String, Product> stock) {
		if (this.status == Status.RESERVED) {
			release(stock);
		}
		else if (this.status == Status.COMMITTED) {
			this.lines.forEach((line) -> product(stock, line.sku()).returnCommitted(line.quantity()));
			this.status = Status.RETURNED;
			registerEvent(new StockReleased(this.orderId, stockLines()));
		}
	}

	/**
	 * @return whether stock is reserved or committed for the order
	 */
	boolean holdsStock() {
		return this.status == Status.RESERVED || this.status == Status.COMMITTED;
	}

	Set<String> skus() {
		return this.lines.stream().map(Line::sku).collect(Collectors.toCollection(TreeSet::new));
	}

	UUID orderId() {
		return this.orderId;
	}

	Status status() {
		return this.status;
	}

	List<StockLine> stockLines() {
		return this.lines.stream().map((line) -> new StockLine(line.sku(), line.quantity())).toList();
	}

	private static Product product(Map<String, Product> stock, String sku) {
		Product product = stock.get(sku);
		if (product == null) {
			throw new IllegalStateException("Product " + sku + " was not locked for the reservation");
		}
		return product;
	}

	enum Status {

		/** Every line is held. */
		RESERVED,
		/** Nothing was held: a product was unknown or short. */
		FAILED,
		/** The order was confirmed; its units are off stock. */
		COMMITTED,
		/**
		 * The order was rejected or cancelled while pending; its units are available
		 * again.
		 */
		RELEASED,
		/** The order was cancelled after it was confirmed; its units are back on hand. */
		RETURNED

	}

	/**
	 * A quantity of one product the order holds.
	 */
	@Embeddable
	record Line(String sku, int quantity) {
	}

}
