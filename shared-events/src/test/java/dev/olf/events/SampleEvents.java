package dev.olf.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import dev.olf.events.customer.CreditCommitted;
import dev.olf.events.customer.CreditLimitChanged;
import dev.olf.events.customer.CreditReleased;
import dev.olf.events.customer.CreditReservationFailed;
import dev.olf.events.customer.CreditReserved;
import dev.olf.events.customer.CustomerRegistered;
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
import dev.olf.events.order.OrderLine;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;

/**
 * One event of every type, with values that exercise the mapping (amounts with and
 * without cents, several lines, several reasons).
 */
final class SampleEvents {

	private static final UUID CUSTOMER = UUID.fromString("0d4f7c8e-1a2b-4c3d-8e9f-a0b1c2d3e4f5");

	private static final UUID ORDER = UUID.fromString("9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");

	private SampleEvents() {
	}

	static List<DomainEvent> oneOfEach() {
		List<StockLine> stock = List.of(new StockLine("MUG-001", 2), new StockLine("TEA-042", 1));
		return List.of(new CustomerRegistered(CUSTOMER, "Grace Hopper", "grace@example.com", new BigDecimal("500")),
				new CreditLimitChanged(CUSTOMER, new BigDecimal("750.5")),
				new CreditReserved(ORDER, CUSTOMER, new BigDecimal("43.97")),
				new CreditReservationFailed(ORDER, CUSTOMER, new BigDecimal("43.97"),
						CreditReservationFailed.Reason.UNKNOWN_CUSTOMER),
				new CreditReleased(ORDER, CUSTOMER, new BigDecimal("43.97")),
				new CreditCommitted(ORDER, CUSTOMER, new BigDecimal("43.97")),
				new ProductAdded("MUG-001", "Enamel mug", new BigDecimal("12.99"), 40),
				new PriceChanged("MUG-001", new BigDecimal("13")), new StockAdjusted("MUG-001", -3, 37),
				new StockReserved(ORDER, stock),
				new StockReservationFailed(
						ORDER, StockReservationFailed.Reason.UNKNOWN_PRODUCT, List.of("NOPE-1", "NOPE-2")),
				new StockReleased(ORDER, stock), new StockCommitted(ORDER, stock),
				new OrderPlaced(ORDER, CUSTOMER,
						List.of(new OrderLine("MUG-001", 2, new BigDecimal("12.99")),
								new OrderLine("TEA-042", 1, new BigDecimal("17.99"))),
						new BigDecimal("43.97")),
				new OrderConfirmed(ORDER, CUSTOMER, new BigDecimal("43.97")),
				new OrderRejected(ORDER, CUSTOMER,
						List.of(RejectionReason.INSUFFICIENT_CREDIT, RejectionReason.OUT_OF_STOCK)),
				new OrderCancelled(ORDER, CUSTOMER, new BigDecimal("43.97"), true));
	}

}
