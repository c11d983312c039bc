package dev.olf.orders.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.olf.orders.order.OrderController.OrderView;

/**
 * An order with what the other services know of it: the customer's name and each
 * product's name and current stock. A query that composes across services, so each call
 * is guarded ({@link GuardedCalls}); when a service cannot answer, the details come back
 * partial and name what is missing instead of failing.
 */
class OrderDetails {

	private static final Logger logger = LoggerFactory.getLogger(OrderDetails.class);

	static final String CUSTOMER = "customer";

	static final String INVENTORY = "inventory";

	private final CustomerServiceClient customers;

	private final InventoryServiceClient inventory;

	private final GuardedCalls customerCalls;

	private final GuardedCalls inventoryCalls;

	OrderDetails(CustomerServiceClient customers, InventoryServiceClient inventory, GuardedCalls customerCalls,
			GuardedCalls inventoryCalls) {
		this.customers = customers;
		this.inventory = inventory;
		this.customerCalls = customerCalls;
		this.inventoryCalls = inventoryCalls;
	}

	View of(OrderView order) {
		CompletableFuture<Optional<CustomerServiceClient.Customer>> customer = this.customerCalls
			.read(() -> this.customers.customer(order.customerId()));
		Map<String, CompletableFuture<Optional<InventoryServiceClient.Product>>> products = new LinkedHashMap<>();
		order.lines()
			.forEach((line) -> products.computeIfAbsent(line.sku(),
					(sku) -> this.inventoryCalls.read(() -> this.inventory.product(sku))));

		TreeSet<String> degraded = new TreeSet<>();
		Optional<CustomerServiceClient.Customer> knownCustomer = answer(customer, CUSTOMER, degraded);
		List<Line> lines = new ArrayList<>();
		for (OrderController.LineView line : order.lines()) {
			Optional<InventoryServiceClient.Product> product = answer(products.get(line.sku()), INVENTORY, degraded);
			lines.add(new Line(line.sku(), line.quantity(), line.unitPrice(),
					product.map(InventoryServiceClient.Product::name).orElse(null),
					product.map(InventoryServiceClient.Product::available).orElse(null)));
		}
		return new View(order,
				new Customer(order.customerId(), knownCustomer.map(CustomerServiceClient.Customer::name).orElse(null)),
				lines, List.copyOf(degraded));
	}

	private <T> Optional<T> answer(CompletableFuture<Optional<T>> call, String part, TreeSet<String> degraded) {
		try {
			return call.get();
		}
		catch (ExecutionException | CompletionException ex) {
			logger.debug("Order details without {}: {}", part, ex.getCause().toString());
			degraded.add(part);
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			degraded.add(part);
			return Optional.empty();
		}
	}

	/**
	 * @param order the order as {@code GET /api/orders/{id}} shows it
	 * @param customer who placed it, with the name if the customer service answered
	 * @param lines the lines, with name and available stock if inventory answered
	 * @param degraded which parts are missing because their service did not answer:
	 * {@code customer}, {@code inventory}; empty when the answer is complete
	 */
	record View(OrderView order, Customer customer, List<Line> lines, List<String> degraded) {
	}

	record Customer(UUID id, @Nullable String name) {
	}

	record Line(String sku, int quantity, BigDecimal unitPrice, @Nullable String name, @Nullable Integer available) {
	}

}
