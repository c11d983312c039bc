package dev.olf.stats.projection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.order.OrderEvent;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The statistics' consumer of all three topics, one listener per topic in one consumer
 * group, each event applied once through the inbox. Each listener also reads its topic's
 * replay topic (shared-messaging adds it), whose records count as the topic's.
 */
@Component
public class ProjectionInput {

	/** The consumer group, and the inbox's consumer name. */
	public static final String GROUP = "olf-stats";

	/** Ids of the listener containers, for stopping them during a rebuild. */
	public static final String CUSTOMER_EVENTS = "olf-stats.customer-events";

	public static final String ORDER_EVENTS = "olf-stats.order-events";

	public static final String INVENTORY_EVENTS = "olf-stats.inventory-events";

	private final Inbox inbox;

	private final Projections projections;

	private final EventRates rates;

	ProjectionInput(Inbox inbox, Projections projections, EventRates rates) {
		this.inbox = inbox;
		this.projections = projections;
		this.rates = rates;
	}

	@KafkaListener(id = CUSTOMER_EVENTS, groupId = GROUP, topics = CustomerEvent.TOPIC)
	void onCustomerEvent(ConsumerRecord<String, CustomerEvent> record) {
		this.inbox.receive(record, (event) -> this.projections.apply(event, eventTime(record)));
		this.rates.received(CustomerEvent.TOPIC);
	}

	@KafkaListener(id = ORDER_EVENTS, groupId = GROUP, topics = OrderEvent.TOPIC)
	void onOrderEvent(ConsumerRecord<String, OrderEvent> record) {
		this.inbox.receive(record, (event) -> this.projections.apply(event, eventTime(record)));
		this.rates.received(OrderEvent.TOPIC);
	}

	@KafkaListener(id = INVENTORY_EVENTS, groupId = GROUP, topics = InventoryEvent.TOPIC)
	void onInventoryEvent(ConsumerRecord<String, InventoryEvent> record) {
		this.inbox.receive(record, (event) -> this.projections.apply(event, eventTime(record)));
		this.rates.received(InventoryEvent.TOPIC);
	}

	/**
	 * When the change happened: the CloudEvents time, so that replays give the same
	 * minutes and durations; the record's timestamp if a producer left it out.
	 */
	static Instant eventTime(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(CloudEventHeaders.TIME);
		if (header != null) {
			try {
				return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
			}
			catch (DateTimeParseException ex) {
				// Fall back to the broker's time below.
			}
		}
		return Instant.ofEpochMilli(record.timestamp());
	}

}
