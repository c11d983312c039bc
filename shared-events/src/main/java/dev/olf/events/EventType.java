package dev.olf.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReserved;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderEvent;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;

/**
 * The catalogue: every event type with its CloudEvents type name, topic and aggregate
 * type. The name carries a version; an incompatible change gets a new name, and consumers
 * keep reading the old one until it is gone.
 *
 * @param name the {@code ce_type}, e.g. {@code order.placed.v1}
 * @param javaType the record
 * @param topic the Kafka topic
 * @param aggregateType the Debezium outbox {@code aggregatetype}
 */
public record EventType(String name, Class<? extends DomainEvent> javaType, String topic, String aggregateType) {

	private static final List<EventType> ALL = List.of(customer("customer.registered.v1", CustomerRegistered.class),
			customer("customer.credit-limit-changed.v1", CreditLimitChanged.class),
			customer("customer.credit-reserved.v1", CreditReserved.class),
			customer("customer.credit-reservation-failed.v1", CreditReservationFailed.class),
			customer("customer.credit-released.v1", CreditReleased.class),
			customer("customer.credit-committed.v1", CreditCommitted.class),
			inventory("inventory.product-added.v1", ProductAdded.class),
			inventory("inventory.price-changed.v1", PriceChanged.class),
			inventory("inventory.stock-adjusted.v1", StockAdjusted.class),
			inventory("inventory.stock-reserved.v1", StockReserved.class),
			inventory("inventory.stock-reservation-failed.v1", StockReservationFailed.class),
			inventory("inventory.stock-released.v1", StockReleased.class),
			inventory("inventory.stock-committed.v1", StockCommitted.class),
			order("order.placed.v1", OrderPlaced.class), order("order.confirmed.v1", OrderConfirmed.class),
			order("order.rejected.v1", OrderRejected.class), order("order.cancelled.v1", OrderCancelled.class));

	private static final Map<String, EventType> BY_NAME = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

	private static final Map<Class<?>, EventType> BY_CLASS = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

	public static List<EventType> all() {
		return ALL;
	}

	public static Optional<EventType> byName(String name) {
		return Optional.ofNullable(BY_NAME.get(name));
	}

	public static EventType of(Object event) {
		EventType type = BY_CLASS.get(event.getClass());
		if (type == null) {
			throw new UnknownEventTypeException(event.getClass().getName() + " is not in the event catalogue");
		}
		return type;
	}

	/**
	 * Where the JSON Schema of this type lives on the class path.
	 * @return a resource name for {@link ClassLoader#getResource(String)}
	 */
	public String schemaResource() {
		return "dev/olf/events/schemas/" + this.name + ".schema.json";
	}

	private static EventType customer(String name, Class<? extends CustomerEvent> type) {
		return new EventType(name, type, CustomerEvent.TOPIC, "customer");
	}

	private static EventType inventory(String name, Class<? extends InventoryEvent> type) {
		return new EventType(name, type, InventoryEvent.TOPIC, "product");
	}

	private static EventType order(String name, Class<? extends OrderEvent> type) {
		return new EventType(name, type, OrderEvent.TOPIC, "order");
	}

}
