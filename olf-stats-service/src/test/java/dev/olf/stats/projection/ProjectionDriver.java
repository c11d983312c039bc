package dev.olf.stats.projection;

import java.time.Instant;
import java.util.UUID;

import dev.olf.events.DomainEvent;
import dev.olf.events.EventType;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;
import dev.olf.messaging.inbox.Inbox;

/**
 * Applies events to the projections through the inbox, as {@link ProjectionInput}'s
 * listeners do, but in an order a test chooses rather than the broker.
 */
public final class ProjectionDriver {

	private final Inbox inbox;

	private final Projections projections;

	public ProjectionDriver(Inbox inbox, Projections projections) {
		this.inbox = inbox;
		this.projections = projections;
	}

	/**
	 * @param eventId the {@code ce_id}
	 * @param event the event
	 * @param time the {@code ce_time}
	 * @return whether it was applied ({@code false} for a duplicate)
	 */
	public boolean apply(UUID eventId, DomainEvent event, Instant time) {
		return this.inbox.process(ProjectionInput.GROUP, eventId, EventType.of(event).name(), () -> {
			switch (event) {
				case CustomerEvent customer -> this.projections.apply(customer, time);
				case OrderEvent order -> this.projections.apply(order, time);
				case InventoryEvent inventory -> this.projections.apply(inventory, time);
				default -> throw new IllegalArgumentException("Not a projected event: " + event);
			}
		});
	}

}
