package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The customers and products the benchmark creates, and the orders it places for them:
 * one-line orders from 50 customers over 20 products. Every order's outcome is known in
 * advance: one in twenty comes from a customer whose credit cannot pay for anything, one
 * in twenty asks for a product that is out of stock, and all others must be confirmed
 * (their customers and products have far more credit and stock than a run can use).
 */
final class Workload {

	static final int CUSTOMERS = 50;

	static final int PRODUCTS = 20;

	static final String RICH_CREDIT = "100000000.00";

	static final String POOR_CREDIT = "1.00";

	static final int PLENTIFUL_STOCK = 10_000_000;

	private final String run;

	private final List<UUID> customers = new ArrayList<>();

	private final List<Product> products = new ArrayList<>();

	private UUID poorCustomer;

	private Product soldOut;

	private Workload(String run) {
		this.run = run;
	}

	/**
	 * Registers the customers and adds the products, and waits until the order service's
	 * catalogue knows them all.
	 * @param api the client
	 * @param customerService where customers are registered
	 * @param inventoryService where products are added
	 * @param orderService whose catalogue must know the products
	 * @return the workload
	 * @throws IOException if a service cannot be reached
	 */
	static Workload create(Api api, URI customerService, URI inventoryService, URI orderService) throws IOException {
		Workload workload = new Workload(Long.toString(System.currentTimeMillis(), 36).toUpperCase());
		Duration timeout = Duration.ofSeconds(30);
		for (int i = 0; i < CUSTOMERS; i++) {
			workload.customers.add(UUID.fromString(api.expect(201, api.post(customerService, "/api/customers", """
					{"name": "Benchmark customer %d", "email": "bench-%s-%d@example.com", "creditLimit": "%s"}
					""".formatted(i + 1, workload.run.toLowerCase(), i, RICH_CREDIT), timeout),
					"Registering a customer")
				.path("id")
				.asString()));
		}
		workload.poorCustomer = UUID.fromString(api
			.expect(201,
					api.post(customerService, "/api/customers",
							"""
									{"name": "Benchmark customer without credit", "email": "bench-%s-poor@example.com", "creditLimit": "%s"}
									"""
								.formatted(workload.run.toLowerCase(), POOR_CREDIT),
							timeout),
					"Registering a customer")
			.path("id")
			.asString());
		for (int i = 0; i < PRODUCTS; i++) {
			workload.products.add(workload.addProduct(api, inventoryService, "%02d".formatted(i + 1),
					new BigDecimal("2.50").add(new BigDecimal(i).multiply(new BigDecimal("0.75"))), PLENTIFUL_STOCK));
		}
		workload.soldOut = workload.addProduct(api, inventoryService, "SOLD-OUT", new BigDecimal("3.00"), 0);
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		for (Product product : workload.allProducts()) {
			while (api.get(orderService, "/api/catalogue/" + product.sku(), timeout).status() != 200) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException(
							"The order service's catalogue did not learn of " + product.sku() + " within 2 minutes");
				}
				Pause.briefly();
			}
		}
		return workload;
	}

	private Product addProduct(Api api, URI inventoryService, String suffix, BigDecimal price, int quantity)
			throws IOException {
		String sku = "BENCH-" + this.run + "-" + suffix;
		api.expect(201, api.post(inventoryService, "/api/products", """
				{"sku": "%s", "name": "Benchmark product %s", "price": "%s", "quantity": %d}
				""".formatted(sku, suffix, price.toPlainString(), quantity), Duration.ofSeconds(30)),
				"Adding a product");
		return new Product(sku, price, quantity);
	}

	/**
	 * @param index the order's number in the run, from 0
	 * @return what to order and what must come of it
	 */
	Planned plan(long index) {
		int kind = (int) (index % 20);
		int quantity = 1 + (int) (index % 3);
		if (kind == 7) {
			Product product = this.products.get((int) (index % PRODUCTS));
			return new Planned(this.poorCustomer, product, quantity, Expected.INSUFFICIENT_CREDIT);
		}
		UUID customer = this.customers.get((int) (index % CUSTOMERS));
		if (kind == 13) {
			return new Planned(customer, this.soldOut, quantity, Expected.OUT_OF_STOCK);
		}
		return new Planned(customer, this.products.get((int) ((index / 3) % PRODUCTS)), quantity, Expected.CONFIRMED);
	}

	List<UUID> allCustomers() {
		List<UUID> all = new ArrayList<>(this.customers);
		all.add(this.poorCustomer);
		return all;
	}

	BigDecimal creditLimitOf(UUID customer) {
		return new BigDecimal(customer.equals(this.poorCustomer) ? POOR_CREDIT : RICH_CREDIT);
	}

	List<Product> allProducts() {
		List<Product> all = new ArrayList<>(this.products);
		all.add(this.soldOut);
		return all;
	}

	String run() {
		return this.run;
	}

	record Product(String sku, BigDecimal price, int initialStock) {
	}

	/**
	 * An order to place.
	 *
	 * @param customer who orders
	 * @param product what
	 * @param quantity how many
	 * @param expected what the saga must decide
	 */
	record Planned(UUID customer, Product product, int quantity, Expected expected) {

		String json() {
			return """
					{"customerId": "%s", "lines": [{"sku": "%s", "quantity": %d}]}""".formatted(this.customer,
					this.product.sku(), this.quantity);
		}

	}

	/**
	 * What the saga must decide, with the single reason of a rejection.
	 */
	enum Expected {

		CONFIRMED("CONFIRMED", null), INSUFFICIENT_CREDIT("REJECTED", "INSUFFICIENT_CREDIT"),
		OUT_OF_STOCK("REJECTED", "OUT_OF_STOCK");

		final String status;

		final @org.jspecify.annotations.Nullable String reason;

		Expected(String status, @org.jspecify.annotations.Nullable String reason) {
			this.status = status;
			this.reason = reason;
		}

	}

}
