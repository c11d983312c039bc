package dev.olf.customers.customer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderEvent;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The customer service's part in the order saga: reserves credit for a placed order,
 * commits it when the order is confirmed and gives it back when the order fails or is
 * cancelled. Each event's changes and the events they cause commit in the inbox's
 * transaction, so a redelivered event changes nothing.
 */
@Component
class OrderEventsListener {

	private final Inbox inbox;

	private final Customers customers;

	private final CreditReservations reservations;

	OrderEventsListener(Inbox inbox, Customers customers, CreditReservations reservations) {
		this.inbox = inbox;
		this.customers = customers;
		this.reservations = reservations;
	}

	@KafkaListener(id = "customers.order-events", groupId = "customer-service", topics = OrderEvent.TOPIC)
	void on(ConsumerRecord<String, OrderEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(OrderEvent event) {
		switch (event) {
			case OrderPlaced placed -> on(placed);
			case OrderConfirmed confirmed -> on(confirmed);
			case OrderRejected rejected -> on(rejected);
			case OrderCancelled cancelled -> on(cancelled);
		}
	}

	void on(OrderPlaced event) {
		// The order service may publish an order twice under different event ids; the
		// first reservation stands (and the primary key guards against a race).
		if (this.reservations.existsById(event.orderId())) {
			return;
		}
		CreditReservation reservation = this.customers.findForUpdate(event.customerId())
			.map((customer) -> CreditReservation.reserve(event.orderId(), customer, event.total()))
			.orElseGet(
					() -> CreditReservation.refuseUnknownCustomer(event.orderId(), event.customerId(), event.total()));
		this.reservations.save(reservation);
	}

	void on(OrderConfirmed event) {
		this.reservations.findById(event.orderId()).filter(CreditReservation::isReserved).ifPresent((reservation) -> {
			reservation.commit(customerOf(reservation));
			this.reservations.save(reservation);
		});
	}

	void on(OrderRejected event) {
		this.reservations.findById(event.orderId()).filter(CreditReservation::isReserved).ifPresent((reservation) -> {
			reservation.release(customerOf(reservation));
			this.reservations.save(reservation);
		});
	}

	void on(OrderCancelled event) {
		this.reservations.findById(event.orderId()).filter(CreditReservation::holdsCredit).ifPresent((reservation) -> {
			reservation.cancel(customerOf(reservation));
			this.reservations.save(reservation);
		});
	}

	private Customer customerOf(CreditReservation reservation) {
		// Customers are never deleted, so a reservation that holds credit has its
		// customer.
		return this.customers.findForUpdate(reservation.customerId())
			.orElseThrow(() -> new IllegalStateException("Customer " + reservation.customerId()
					+ " of the credit reservation for order " + reservation.orderId() + " does not exist"));
	}

}
