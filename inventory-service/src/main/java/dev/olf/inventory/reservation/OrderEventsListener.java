package dev.olf.inventory.reservation;

import java.time.Instant;
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
 * redelivered event changes nothing.
 */
@Component
class OrderEventsListener {

	private final Inbox inbox;

	private final Products products;

	private final Reservations reservations;

	OrderEventsListener(Inbox inbox, Products products, Reservations reservations) {
		this.inbox = inbox;
		this.products = products;
		this.reservations = reservations;
	}

	@KafkaListener(id = "inventory.order-events", groupId = "inventory-service", topics = OrderEvent.TOPIC)
	void on(ConsumerRecord<String, OrderEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(OrderEvent event) {
		switch (event) {
			case OrderPlaced placed -> reserve(placed);
			case OrderConfirmed confirmed -> change(confirmed.orderId(), Reservation::commit);
			case OrderRejected rejected -> change(rejected.orderId(), Reservation::release);
			case OrderCancelled cancelled -> change(cancelled.orderId(), Reservation::cancel);
		}
	}

	private void reserve(OrderPlaced placed) {
		if (this.reservations.existsById(placed.orderId())) {
			return;
		}
		List<StockLine> lines = placed.lines()
			.stream()
			.map((line) -> new StockLine(line.sku(), line.quantity()))
			.toList();
		Map<String, Product> stock = lock(lines.stream().map(StockLine::sku).collect(Collectors.toSet()));
		this.reservations.save(Reservation.place(placed.orderId(), lines, stock, Instant.now()));
	}

	private void change(UUID orderId, BiConsumer<Reservation, Map<String, Product>> change) {
		this.reservations.findById(orderId).filter(Reservation::holdsStock).ifPresent((reservation) -> {
			change.accept(reservation, lock(reservation.skus()));
			this.reservations.save(reservation);
		});
	}

	/**
	 * Locks the products in sku order, so that two orders for the same products never
	 * wait for each other in a circle.
	 */
	private Map<String, Product> lock(Set<String> skus) {
		return this.products.findAllBySkuInOrderBySku(skus)
			.stream()
			.collect(Collectors.toMap(Product::sku, Function.identity()));
	}

}
