package dev.olf.events.order;

import java.util.UUID;

import dev.olf.events.DomainEvent;

/**
 * Everything the order service publishes, on {@value #TOPIC}, keyed by the order id.
 */
public sealed interface OrderEvent extends DomainEvent
		permits OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled {

	String TOPIC = "order.events";

	UUID orderId();

	@Override
	default String aggregateId() {
		return orderId().toString();
	}

}
