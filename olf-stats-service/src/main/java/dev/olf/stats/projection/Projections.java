package dev.olf.stats.projection;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.olf.events.customer.CustomerEvent;
import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.customer.CustomerRegistered;
import dev.olf.events.inventory.InventoryEvent;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockLine;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReserved;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderEvent;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Applies events to the projection tables. Each method runs inside the inbox transaction
 * of its event. Changes are deltas keyed by what the event names, so that the order in
 * which events of different topics arrive does not matter, and times are the events' own
 * ({@code ce_time}), so that a replay gives the same figures.
 */
@Component
public class Projections {

	public static final String CUSTOMERS_REGISTERED = "customers.registered";

	public static final String ORDERS_PLACED = "orders.placed";

	public static final String ORDERS_CONFIRMED = "orders.confirmed";

	public static final String ORDERS_REJECTED = "orders.rejected";

	public static final String ORDERS_CANCELLED = "orders.cancelled";

	public static final String REVENUE = "revenue";

	/** The metrics kept per minute, for time series. */
	public static final List<String> TIME_SERIES = List.of(ORDERS_PLACED, ORDERS_CONFIRMED, ORDERS_REJECTED,
			ORDERS_CANCELLED, REVENUE);

	private final JdbcClient jdbc;

	Projections(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void apply(CustomerEvent event, Instant time) {
		switch (event) {
			case CustomerRegistered registered -> add(CUSTOMERS_REGISTERED, BigDecimal.ONE);
			case CreditLimitChanged changed -> {
				// Credit is not among the figures.
			}
			case CreditReserved reserved -> {
				// The saga's outcome is counted from order events.
			}
			case CreditReservationFailed failed -> {
				// Counted as the order's rejection reason.
			}
			case CreditCommitted committed -> {
				// The saga's outcome is counted from order events.
			}
			case CreditReleased released -> {
				// The saga's outcome is counted from order events.
			}
		}
	}

	void apply(OrderEvent event, Instant time) {
		switch (event) {
			case OrderPlaced placed -> {
				this.jdbc.sql("""
						insert into order_view (order_id, customer_id, total, status, placed_at)
						values (:order, :customer, :total, 'PENDING', :time) on conflict do nothing
						""")
					.param("order", placed.orderId())
					.param("customer", placed.customerId())
					.param("total", placed.total())
					.param("time", timestamp(time))
					.update();
				count(ORDERS_PLACED, BigDecimal.ONE, time);
			}
			case OrderConfirmed confirmed -> {
				decide(confirmed.orderId(), "CONFIRMED", time);
				count(ORDERS_CONFIRMED, BigDecimal.ONE, time);
				count(REVENUE, confirmed.total(), time);
			}
			case OrderRejected rejected -> {
				decide(rejected.orderId(), "REJECTED", time);
				count(ORDERS_REJECTED, BigDecimal.ONE, time);
				for (RejectionReason reason : rejected.reasons()) {
					add(ORDERS_REJECTED + "." + reason.name(), BigDecimal.ONE);
				}
			}
			case OrderCancelled cancelled -> {
				this.jdbc.sql("update order_view set status = 'CANCELLED' where order_id = :order")
					.param("order", cancelled.orderId())
					.update();
				count(ORDERS_CANCELLED, BigDecimal.ONE, time);
				if (cancelled.wasConfirmed()) {
					count(REVENUE, cancelled.total().negate(), time);
				}
			}
		}
	}

	void apply(InventoryEvent event, Instant time) {
		switch (event) {
			case ProductAdded added -> this.jdbc.sql("""
					insert into product_view (sku, name, price, on_hand) values (:sku, :name, :price, :quantity)
					on conflict (sku) do update set name = excluded.name, price = excluded.price,
					    on_hand = product_view.on_hand + excluded.on_hand
					""")
				.param("sku", added.sku())
				.param("name", added.name())
				.param("price", added.price())
				.param("quantity", added.quantity())
				.update();
			case PriceChanged changed -> this.jdbc.sql("""
					insert into product_view (sku, price) values (:sku, :price)
					on conflict (sku) do update set price = excluded.price
					""").param("sku", changed.sku()).param("price", changed.price()).update();
			// The change, not the absolute level: adjustments and commits of orders
			// travel on different keys and may arrive in either order.
			case StockAdjusted adjusted -> stock(adjusted.sku(), adjusted.change(), 0, 0);
			case StockReserved reserved -> {
				hold(reserved.orderId(), "RESERVED");
				reserved.lines().forEach((line) -> stock(line.sku(), 0, line.quantity(), 0));
			}
			case StockCommitted committed -> {
				hold(committed.orderId(), "COMMITTED");
				committed.lines()
					.forEach((line) -> stock(line.sku(), -line.quantity(), -line.quantity(), line.quantity()));
			}
			case StockReleased released -> release(released.orderId(), released.lines());
			case StockReservationFailed failed -> {
				// Nothing was held.
			}
		}
	}

	private void release(UUID orderId, List<StockLine> lines) {
		String state = this.jdbc.sql("select state from stock_hold where order_id = :order")
			.param("order", orderId)
			.query(String.class)
			.optional()
			.orElse("NONE");
		switch (state) {
			case "RESERVED" -> lines.forEach((line) -> stock(line.sku(), 0, -line.quantity(), 0));
			case "COMMITTED" -> lines.forEach((line) -> stock(line.sku(), line.quantity(), 0, -line.quantity()));
			default -> {
				// Released already, or never held.
			}
		}
		hold(orderId, "RELEASED");
	}

	private void hold(UUID orderId, String state) {
		this.jdbc.sql("""
				insert into stock_hold (order_id, state) values (:order, :state)
				on conflict (order_id) do update set state = excluded.state
				""").param("order", orderId).param("state", state).update();
	}

	private void stock(String sku, int onHand, int reserved, int sold) {
		this.jdbc.sql("""
				insert into product_view (sku, on_hand, reserved, units_sold) values (:sku, :onHand, :reserved, :sold)
				on conflict (sku) do update set on_hand = product_view.on_hand + excluded.on_hand,
				    reserved = product_view.reserved + excluded.reserved,
				    units_sold = product_view.units_sold + excluded.units_sold
				""").param("sku", sku).param("onHand", onHand).param("reserved", reserved).param("sold", sold).update();
	}

	private void decide(UUID orderId, String status, Instant time) {
		this.jdbc.sql("""
				update order_view set status = :status, decided_at = :time,
				    saga_millis = (extract(epoch from (:time - placed_at)) * 1000)::bigint
				where order_id = :order and status = 'PENDING'
				""").param("status", status).param("time", timestamp(time)).param("order", orderId).update();
	}

	private void count(String metric, BigDecimal amount, Instant time) {
		add(metric, amount);
		this.jdbc.sql("""
				insert into minute_total (metric, minute, value) values (:metric, :minute, :amount)
				on conflict (metric, minute) do update set value = minute_total.value + excluded.value
				""")
			.param("metric", metric)
			.param("minute", timestamp(time.truncatedTo(ChronoUnit.MINUTES)))
			.param("amount", amount)
			.update();
	}

	private void add(String name, BigDecimal amount) {
		this.jdbc.sql("""
				insert into counter (name, value) values (:name, :amount)
				on conflict (name) do update set value = counter.value + excluded.value
				""").param("name", name).param("amount", amount).update();
	}

	private static OffsetDateTime timestamp(Instant time) {
		return time.atOffset(ZoneOffset.UTC);
	}

	/**
	 * Wipes every projection, before a replay from the beginning.
	 */
	void clear() {
		this.jdbc.sql("truncate counter, minute_total, order_view, product_view, stock_hold").update();
	}

}
