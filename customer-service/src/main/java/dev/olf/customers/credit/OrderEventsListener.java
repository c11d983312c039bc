package dev.olf.customers.credit;

import java.util.UUID;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.customers.customer.Customer;
import dev.olf.customers.customer.Customers;
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
 * transaction, so a redelivered event changes nothing; whether a transition applies is
 * the {@link CreditReservation}'s to decide.
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
			case OrderPlaced placed -> reserve(placed);
			case OrderConfirmed confirmed -> change(confirmed.orderId(), CreditReservation::commit);
			case OrderRejected rejected -> change(rejected.orderId(), CreditReservation::release);
			case OrderCancelled cancelled -> change(cancelled.orderId(), CreditReservation::cancel);
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
		CreditReservation reservation = this.customers.findForUpdate(placed.customerId())
			.map((customer) -> CreditReservation.reserve(placed.orderId(), customer, placed.total()))
			.orElseGet(() -> CreditReservation.refuseUnknownCustomer(placed.orderId(), placed.customerId(),
					placed.total()));
		this.reservations.save(reservation);
	}

	private void change(UUID orderId, BiConsumer<CreditReservation, Customer> change) {
		// A reservation refused for an unknown customer has no customer to lock, and
		// holds nothing to change.
		this.reservations.findById(orderId)
			.ifPresent((reservation) -> this.customers.findForUpdate(reservation.customerId()).ifPresent((customer) -> {
				change.accept(reservation, customer);
				this.reservations.save(reservation);
			}));
	}

}
