package dev.olf.events.order;

import java.math.BigDecimal;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.positive;
import static dev.olf.events.Requirements.text;

/**
 * A line of an order, priced when the order was placed.
 */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

	public OrderLine {
		text(sku, "sku");
		positive(quantity, "quantity");
		unitPrice = Money.of(unitPrice, "unitPrice");
	}

	public BigDecimal amount() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
