package dev.olf.orders.order;

import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.order.RejectionReason;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code customer.events}: the customer service's answers in the saga.
 */
@Component
class CustomerEventsListener {

	private final Inbox inbox;

	private final Orders orders;

	private final Clock clock;

	CustomerEventsListener(Inbox inbox, Orders orders, Clock clock) {
		this.inbox = inbox;
		this.orders = orders;
		this.clock = clock;
	}

	@KafkaListener(id = "orders.customer-events", groupId = "order-service", topics = CustomerEvent.TOPIC)
	void on(ConsumerRecord<String, CustomerEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(CustomerEvent event) {
		switch (event) {
			case CreditReserved reserved ->
				this.orders.change(reserved.orderId(), (order) -> order.creditReserved(this.clock.instant()));
			case CreditReservationFailed failed ->
				this.orders.change(failed.orderId(), (order) -> order.creditFailed(switch (failed.reason()) {
					case INSUFFICIENT_CREDIT -> RejectionReason.INSUFFICIENT_CREDIT;
					case UNKNOWN_CUSTOMER -> RejectionReason.UNKNOWN_CUSTOMER;
				}, this.clock.instant()));
			case CustomerRegistered registered -> {
				// The order service does not keep customers: the saga checks them.
			}
			case CreditLimitChanged changed -> {
				// Credit is the customer service's business.
			}
			case CreditCommitted committed -> {
				// The end of the saga for this order.
			}
			case CreditReleased released -> {
				// Compensation done; nothing left for the order to do.
			}
		}
	}

}
