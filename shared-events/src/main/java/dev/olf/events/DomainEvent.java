package dev.olf.events;

/**
 * An event one service publishes for the others. The aggregate id becomes the Kafka
 * record key, so every event of one aggregate stays in order on one partition.
 */
public interface DomainEvent {

	/**
	 * The id of the aggregate this event belongs to; reservations and their outcomes use
	 * the order id so that a participant sees them in the order the saga caused them.
	 * @return the record key
	 */
	String aggregateId();

}
