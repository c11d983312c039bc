package dev.olf.events.inventory;

import static dev.olf.events.Requirements.text;

/**
 * Stock on hand changed outside the saga, e.g. by a restock.
 *
 * @param change the difference, positive for a restock
 * @param onHand the quantity on hand afterwards
 */
public record StockAdjusted(String sku, int change, int onHand) implements InventoryEvent {

	public StockAdjusted {
		text(sku, "sku");
		if (onHand < 0) {
			throw new IllegalArgumentException("onHand must not be negative, was " + onHand);
		}
	}

	@Override
	public String aggregateId() {
		return this.sku;
	}

}
