package dev.olf.events.customer;

import dev.olf.events.DomainEvent;

/**
 * Everything the customer service publishes, on {@value #TOPIC}.
 */
public sealed interface CustomerEvent extends DomainEvent permits CustomerRegistered, CreditLimitChanged,
		CreditReserved, CreditReservationFailed, CreditReleased, CreditCommitted {

	String TOPIC = "customer.events";

}
