package dev.olf.events.inventory;

import java.util.List;
import java.util.UUID;

import static dev.olf.events.Requirements.nonEmpty;
import static dev.olf.events.Requirements.present;

/**
 * Keyed by the order id: the saga's events of one order stay in order.
 */
public record StockReserved(UUID orderId, List<StockLine> lines) implements InventoryEvent {

	public StockReserved {
		present(orderId, "orderId");
		lines = nonEmpty(lines, "lines");
	}

	@Override
	public String aggregateId() {
		return this.orderId.toString();
	}

}
