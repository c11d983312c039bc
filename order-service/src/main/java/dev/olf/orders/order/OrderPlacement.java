package dev.olf.orders.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.olf.domain.RuleViolationException;
import dev.olf.orders.catalogue.Catalogue;
import dev.olf.orders.catalogue.CataloguedProduct;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders: prices the lines from the catalogue replica and honours idempotency
 * keys, so that a client that retries a request it got no answer to creates one order.
 */
@Component
class OrderPlacement {

	private final Orders orders;

	private final IdempotencyKeys keys;

	private final Catalogue catalogue;

	private final TransactionTemplate transaction;

	private final OrderProperties properties;

	private final Clock clock;

	private final SagaTrace trace;

	OrderPlacement(Orders orders, IdempotencyKeys keys, Catalogue catalogue, TransactionTemplate transaction,
			OrderProperties properties, Clock clock, SagaTrace trace) {
		this.orders = orders;
		this.keys = keys;
		this.catalogue = catalogue;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
		this.trace = trace;
	}

	/**
	 * Places an order, or returns the one placed earlier with the same key and request.
	 * @param request what to order
	 * @param idempotencyKey the client's key, if it sent one
	 * @return the order
	 */
	Order place(OrderRequest request, @Nullable String idempotencyKey) {
		if (idempotencyKey == null) {
			return placeNew(request, null).orElseThrow();
		}
		String hash = hash(request);
		// The common retry finds its order at once; the claim below settles the rest.
		return earlier(idempotencyKey, hash).or(() -> placeNew(request, new KeyUse(idempotencyKey, hash)))
			.or(() -> earlier(idempotencyKey, hash))
			.orElseThrow(() -> new IllegalStateException(
					"Idempotency-Key " + idempotencyKey + " was claimed by a request whose order cannot be found"));
	}

	private Optional<Order> earlier(String key, String hash) {
		return this.transaction.execute((status) -> this.keys.findById(key).map((use) -> {
			if (!use.requestHash().equals(hash)) {
				throw new RuleViolationException("Idempotency-Key " + key
						+ " was already used for a different request; use a new key for a new order");
			}
			return this.orders.findById(use.orderId()).orElseThrow();
		}));
	}

	/**
	 * Places the order and claims its key in one transaction; if another request holds
	 * the key by the time this one claims it, nothing of this one is kept, its event
	 * included.
	 * @return the new order, or empty if the key was taken
	 */
	private Optional<Order> placeNew(OrderRequest request, @Nullable KeyUse key) {
		return this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			Order placed = Order.place(request.customerId(), price(request), now, now.plus(this.properties.deadline()));
			placed.belongsToTrace(this.trace.current());
			Order order = this.orders.save(placed);
			if (key != null && this.keys.claim(key.key(), key.hash(), order.id(), now) == 0) {
				status.setRollbackOnly();
				return Optional.empty();
			}
			return Optional.of(order);
		});
	}

	private List<Order.Line> price(OrderRequest request) {
		Map<String, CataloguedProduct> products = this.catalogue
			.findAll(request.lines().stream().map(OrderRequest.Line::sku).toList());
		TreeSet<String> unknown = request.lines()
			.stream()
			.map(OrderRequest.Line::sku)
			.filter((sku) -> !products.containsKey(sku))
			.collect(Collectors.toCollection(TreeSet::new));
		if (!unknown.isEmpty()) {
			throw new RuleViolationException("Unknown product" + ((unknown.size() > 1) ? "s " : " ")
					+ String.join(", ", unknown) + "; nothing was ordered");
		}
		return request.lines()
			.stream()
			.map((line) -> new Order.Line(line.sku(), line.quantity(), products.get(line.sku()).price()))
			.toList();
	}

	/**
	 * A digest of the request's meaning, so that the same order sent with different
	 * whitespace or field order is recognised as the same request.
	 */
	private static String hash(OrderRequest request) {
		String canonical = request.customerId() + "|"
				+ request.lines()
					.stream()
					.map((line) -> line.sku() + "x" + line.quantity())
					.collect(Collectors.joining(","));
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record KeyUse(String key, String hash) {
	}

}
