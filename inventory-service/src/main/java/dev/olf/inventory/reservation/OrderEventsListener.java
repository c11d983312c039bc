package dev.olf.inventory.reservation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.events.inventory.StockLine;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderEvent;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.inventory.product.Product;
import dev.olf.inventory.product.Products;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Inventory's part in the order saga: reserves the stock of a placed order, commits it
 * when the order is confirmed, and gives it back when the order fails or is cancelled.
 * Each event's changes and the events they cause commit in the inbox's transaction, so a
 * redelivered event changes nothing; whether a transition applies is the
 * {@link StockReservation}'s to decide.
 */
@Component
class OrderEventsListener {

	private final Inbox inbox;

	private final Products products;

	private final StockReservations reservations;

	private final Clock clock;

	OrderEventsListener(Inbox inbox, Products products, StockReservations reservations, Clock clock) {
		this.inbox = inbox;
		this.products = products;
		this.reservations = reservations;
		this.clock = clock;
	}

	@KafkaListener(id = "inventory.order-events", groupId = "inventory-service", topics = OrderEvent.TOPIC)
	void on(ConsumerRecord<String, OrderEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(OrderEvent event) {
		switch (event) {
			case OrderPlaced placed -> reserve(placed);
			case OrderConfirmed confirmed -> change(confirmed.orderId(), StockReservation::commit);
			case OrderRejected rejected -> change(rejected.orderId(), StockReservation::release);
			case OrderCancelled cancelled -> change(cancelled.orderId(), StockReservation::cancel);
		}
	}

	private void reserve(OrderPlaced placed) {
		// The inbox skips a redelivered event, but an OrderPlaced written twice to the
		// order service's outbox (say, after its database was restored) would come under
		// another event id: the first reservation stands, and the primary key guards
		// against a race.
		if (this.reservations.existsById(placed.orderId())) {
			return;
		}
		List<StockLine> lines = placed.lines()
			.stream()
			.map((line) -> new StockLine(line.sku(), line.quantity()))
			.toList();
		Map<String, Product> stock = lock(lines.stream().map(StockLine::sku).collect(Collectors.toSet()));
		this.reservations.save(StockReservation.place(placed.orderId(), lines, stock, this.clock.instant()));
	}

	private void change(UUID orderId, BiConsumer<StockReservation, Map<String, Product>> change) {
		// A failed reservation names no product to lock, and holds nothing to change.
		this.reservations.findById(orderId).ifPresent((reservation) -> {
			change.accept(reservation, lock(reservation.skus()));
			this.reservations.save(reservation);
		});
	}

	/**
	 * Locks the products in sku order, so that two orders for the same products never
	 * wait for each other in a circle.
	 */
	private Map<String, Product> lock(Set<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		return this.products.findAllBySkuInOrderBySku(skus)
			.stream()
			.collect(Collectors.toMap(Product::sku, Function.identity()));
	}

}
