package dev.olf.orders.catalogue;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReserved;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Builds the catalogue replica from {@code inventory.events}. A consumer group of its
 * own, beside the saga's listener of the same topic in {@code order/}: the replica keeps
 * up even while the saga's consumer retries a record, and each group's inbox applies an
 * event once for itself.
 */
@Component
class CatalogueListener {

	private final Inbox inbox;

	private final Catalogue catalogue;

	CatalogueListener(Inbox inbox, Catalogue catalogue) {
		this.inbox = inbox;
		this.catalogue = catalogue;
	}

	@KafkaListener(id = "orders.catalogue", groupId = "order-service.catalogue", topics = InventoryEvent.TOPIC)
	void on(ConsumerRecord<String, InventoryEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(InventoryEvent event) {
		switch (event) {
			case ProductAdded added -> this.catalogue.on(added);
			case PriceChanged changed -> this.catalogue.on(changed);
			case StockAdjusted adjusted -> {
				// Stock levels are inventory's business; orders only need names and
				// prices.
			}
			case StockReserved reserved -> {
				// The saga's, read by order/InventoryEventsListener.
			}
			case StockReservationFailed failed -> {
				// The saga's.
			}
			case StockCommitted committed -> {
				// The saga's.
			}
			case StockReleased released -> {
				// The saga's.
			}
		}
	}

}
