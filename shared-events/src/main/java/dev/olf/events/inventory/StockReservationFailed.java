package dev.olf.events.inventory;

import java.util.List;
import java.util.UUID;

import static dev.olf.events.Requirements.nonEmpty;
import static dev.olf.events.Requirements.present;

/**
 * Nothing was reserved: an order reserves every line or none.
 *
 * @param skus the products that could not be reserved
 */
public record StockReservationFailed(UUID orderId, Reason reason, List<String> skus) implements InventoryEvent {

	public StockReservationFailed {
		present(orderId, "orderId");
		present(reason, "reason");
		skus = nonEmpty(skus, "skus");
	}

	@Override
	public String aggregateId() {
		return this.orderId.toString();
	}

	public enum Reason {

		OUT_OF_STOCK, UNKNOWN_PRODUCT

	}

}
