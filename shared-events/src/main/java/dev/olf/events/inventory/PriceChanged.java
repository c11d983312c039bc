package dev.olf.events.inventory;

import java.math.BigDecimal;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.text;

public record PriceChanged(String sku, BigDecimal price) implements InventoryEvent {

	public PriceChanged {
		text(sku, "sku");
		price = Money.of(price, "price");
	}

	@Override
	public String aggregateId() {
		return this.sku;
	}

}
