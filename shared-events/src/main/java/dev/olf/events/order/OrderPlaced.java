package dev.olf.events.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import dev.olf.events.Money;

import static dev.olf.events.Requirements.nonEmpty;
import static dev.olf.events.Requirements.present;

/**
 * Starts the saga: inventory reserves the lines, the customer service the total.
 */
public record OrderPlaced(UUID orderId, UUID customerId, List<OrderLine> lines,
		BigDecimal total) implements OrderEvent {

	public OrderPlaced {
		present(orderId, "orderId");
		present(customerId, "customerId");
		lines = nonEmpty(lines, "lines");
		total = Money.of(total, "total");
		BigDecimal sum = lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
		if (sum.compareTo(total) != 0) {
			throw new IllegalArgumentException(
					"total " + total.toPlainString() + " is not the sum of the lines " + sum.toPlainString());
		}
	}

}
