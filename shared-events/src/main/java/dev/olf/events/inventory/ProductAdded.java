package dev.olf.events.inventory;

import java.math.BigDecimal;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.text;

public record ProductAdded(String sku, String name, BigDecimal price, int quantity) implements InventoryEvent {

	public ProductAdded {
		text(sku, "sku");
		text(name, "name");
		price = Money.of(price, "price");
		if (quantity < 0) {
			throw new IllegalArgumentException("quantity must not be negative, was " + quantity);
		}
	}

	@Override
	public String aggregateId() {
		return this.sku;
	}

}
