package dev.olf.orders.order;

import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReserved;
import dev.olf.events.order.RejectionReason;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code inventory.events}: inventory's answers in the saga. The catalogue replica
 * reads the same topic in a group of its own, {@code catalogue/CatalogueListener}.
 */
@Component
class InventoryEventsListener {

	private final Inbox inbox;

	private final Orders orders;

	private final Clock clock;

	InventoryEventsListener(Inbox inbox, Orders orders, Clock clock) {
		this.inbox = inbox;
		this.orders = orders;
		this.clock = clock;
	}

	@KafkaListener(id = "orders.inventory-events", groupId = "order-service", topics = InventoryEvent.TOPIC)
	void on(ConsumerRecord<String, InventoryEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(InventoryEvent event) {
		switch (event) {
			case StockReserved reserved ->
				this.orders.change(reserved.orderId(), (order) -> order.stockReserved(this.clock.instant()));
			case StockReservationFailed failed ->
				this.orders.change(failed.orderId(), (order) -> order.stockFailed(switch (failed.reason()) {
					case OUT_OF_STOCK -> RejectionReason.OUT_OF_STOCK;
					case UNKNOWN_PRODUCT -> RejectionReason.UNKNOWN_PRODUCT;
				}, this.clock.instant()));
			case ProductAdded added -> {
				// The catalogue's, read by catalogue/CatalogueListener.
			}
			case PriceChanged changed -> {
				// The catalogue's.
			}
			case StockAdjusted adjusted -> {
				// Stock levels are inventory's business.
			}
			case StockCommitted committed -> {
				// The end of the saga for this order.
			}
			case StockReleased released -> {
				// Compensation done; nothing left for the order to do.
			}
		}
	}

}
