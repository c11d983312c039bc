package dev.olf.stats.summary;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.messaging.inbox.Inbox;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Projects {@code customer.events} into the statistics.
 */
@Component
class CustomerEventsListener {

	private final Inbox inbox;

	private final Counters counters;

	CustomerEventsListener(Inbox inbox, Counters counters) {
		this.inbox = inbox;
		this.counters = counters;
	}

	@KafkaListener(id = "olf-stats.customer-events", groupId = "olf-stats", topics = CustomerEvent.TOPIC)
	void on(ConsumerRecord<String, CustomerEvent> record) {
		this.inbox.receive(record, this::on);
	}

	void on(CustomerEvent event) {
		if (event instanceof CustomerRegistered) {
			this.counters.increment(Counters.CUSTOMERS_REGISTERED);
		}
	}

}
