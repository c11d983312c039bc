package dev.olf.events.inventory;

import dev.olf.events.DomainEvent;

/**
 * Everything the inventory service publishes, on {@value #TOPIC}.
 */
public sealed interface InventoryEvent extends DomainEvent permits ProductAdded, PriceChanged, StockAdjusted,
		StockReserved, StockReservationFailed, StockReleased, StockCommitted {

	String TOPIC = "inventory.events";

}
