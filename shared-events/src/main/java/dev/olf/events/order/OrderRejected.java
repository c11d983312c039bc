package dev.olf.events.order;

import java.util.List;
import java.util.UUID;

import static dev.olf.events.Requirements.nonEmpty;
import static dev.olf.events.Requirements.present;

/**
 * The saga failed; participants release whatever they hold for the order.
 */
public record OrderRejected(UUID orderId, UUID customerId, List<RejectionReason> reasons) implements OrderEvent {

	public OrderRejected {
		present(orderId, "orderId");
		present(customerId, "customerId");
		reasons = nonEmpty(reasons, "reasons");
	}

}
