package dev.olf.events.inventory;

import static dev.olf.events.Requirements.positive;
import static dev.olf.events.Requirements.text;

/**
 * A quantity of one product held for an order.
 */
public record StockLine(String sku, int quantity) {

	public StockLine {
		text(sku, "sku");
		positive(quantity, "quantity");
	}

}
