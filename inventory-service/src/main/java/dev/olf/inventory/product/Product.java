package dev.olf.inventory.product;

import java.math.BigDecimal;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import dev.olf.domain.RuleViolationException;
import dev.olf.events.Money;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A product and its stock. Units on hand are either available or reserved for pending
 * orders; confirmed orders take their units off hand and count them as committed until a
 * cancellation gives them back.
 * <p>
 * The stock movements of the saga are public for the reservations, and record no event of
 * their own: the reservation's events ({@code StockReserved} and so on) say what moved.
 */
@Entity
@Table(name = "product")
public class Product extends AbstractAggregateRoot<Product> {

	@Id
	private String sku;

	private String name;

	private BigDecimal price;

	private int onHand;

	private int reserved;

	private int committed;

	// A wrapper, so that Spring Data sees a product not yet stored as new and persists
	// it.
	@Version
	private @Nullable Long version;

	protected Product() {
		// for JPA
	}

	private Product(String sku, String name, BigDecimal price, int onHand) {
		this.sku = sku;
		this.name = name;
		this.price = price;
		this.onHand = onHand;
	}

	static Product add(String sku, String name, BigDecimal price, int quantity) {
		if (quantity < 0) {
			throw new IllegalArgumentException("A product cannot start with negative stock, was " + quantity);
		}
		Product product = new Product(sku, name, Money.of(price, "price"), quantity);
		product.registerEvent(new ProductAdded(sku, name, product.price, quantity));
		return product;
	}

	/**
	 * Puts more units on hand.
	 * @param quantity how many, at least one
	 * @throws IllegalArgumentException if the quantity is not positive
	 * @throws RuleViolationException if the stock would grow beyond what can be counted
	 */
	void restock(int quantity) {
		requirePositive(quantity);
		if (quantity > Integer.MAX_VALUE - this.onHand - this.committed) {
			throw new RuleViolationException("Restocking " + quantity + " units of " + this.sku
					+ " would exceed the largest stock of " + Integer.MAX_VALUE + " units");
		}
		this.onHand += quantity;
		registerEvent(new StockAdjusted(this.sku, quantity, this.onHand));
	}

	/**
	 * Changes the price; setting the price it already has changes nothing and records no
	 * event.
	 * @param newPrice the price, at most two decimals
	 */
	void changePrice(BigDecimal newPrice) {
		BigDecimal price = Money.of(newPrice, "price");
		if (price.compareTo(this.price) == 0) {
			return;
		}
		this.price = price;
		registerEvent(new PriceChanged(this.sku, price));
	}

	/**
	 * Holds units for an order: they stay on hand but are no longer available.
	 * @param quantity how many, at most what is available
	 */
	public void reserve(int quantity) {
		requirePositive(quantity);
		if (quantity > available()) {
			throw new IllegalStateException(
					"Cannot reserve " + quantity + " of " + this.sku + ", only " + available() + " available");
		}
		this.reserved += quantity;
	}

	/**
	 * Takes reserved units off stock for a confirmed order.
	 * @param quantity how many, at most what is reserved
	 */
	public void commit(int quantity) {
		requirePositive(quantity);
		requireReserved(quantity);
		this.onHand -= quantity;
		this.reserved -= quantity;
		this.committed += quantity;
	}

	/**
	 * Makes reserved units available again.
	 * @param quantity how many, at most what is reserved
	 */
	public void release(int quantity) {
		requirePositive(quantity);
		requireReserved(quantity);
		this.reserved -= quantity;
	}

	/**
	 * Puts committed units back on hand, for a confirmed order that was cancelled.
	 * @param quantity how many, at most what is committed
	 */
	public void returnCommitted(int quantity) {
		requirePositive(quantity);
		if (quantity > this.committed) {
			throw new IllegalStateException(
					"Cannot return " + quantity + " of " + this.sku + ", only " + this.committed + " committed");
		}
		this.onHand += quantity;
		this.committed -= quantity;
	}

	public String sku() {
		return this.sku;
	}

	String name() {
		return this.name;
	}

	BigDecimal price() {
		return this.price;
	}

	public int onHand() {
		return this.onHand;
	}

	public int reserved() {
		return this.reserved;
	}

	public int available() {
		return this.onHand - this.reserved;
	}

	public int committed() {
		return this.committed;
	}

	private void requireReserved(int quantity) {
		if (quantity > this.reserved) {
			throw new IllegalStateException("Cannot take " + quantity + " of " + this.sku
					+ " from its reservations, only " + this.reserved + " reserved");
		}
	}

	private static void requirePositive(int quantity) {
		if (quantity < 1) {
			throw new IllegalArgumentException("A quantity must be at least 1, was " + quantity);
		}
	}

}
