package dev.olf.orders.order;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import dev.olf.events.order.RejectionReason;
import dev.olf.domain.NotFoundException;
import dev.olf.domain.RuleViolationException;
import dev.olf.web.BadRequestException;
import dev.olf.web.ConcurrencyLimit;
import dev.olf.web.Locations;
import dev.olf.web.PageView;
import dev.olf.web.SortBy;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

	private static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private final OrderPlacement placement;

	private final Orders orders;

	private final Clock clock;

	private final OrderDetails details;

	private final TransactionTemplate readOnly;

	private final OrderOutcomes outcomes;

	OrderController(OrderPlacement placement, Orders orders, Clock clock, OrderDetails details, OrderOutcomes outcomes,
			PlatformTransactionManager transactions) {
		this.placement = placement;
		this.orders = orders;
		this.clock = clock;
		this.details = details;
		this.outcomes = outcomes;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * Accepts an order; the saga decides it. 202 because the answer is not final yet.
	 */
	@PostMapping
	ResponseEntity<OrderView> place(@Valid @RequestBody OrderRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200
				|| idempotencyKey.chars().anyMatch(Character::isISOControl))) {
			throw new RuleViolationException("Idempotency-Key must have 1 to 200 characters and no control characters");
		}
		Order order = this.placement.place(request, idempotencyKey);
		URI location = Locations.of("/api/orders/{id}", order.id());
		return ResponseEntity.accepted().location(location).body(OrderView.of(order));
	}

	/**
	 * The order as it is, or, with {@code waitFor=final}, as soon as the saga decided it
	 * (or it was cancelled), at most {@code timeout} later (default 10 s, at most 30 s,
	 * as {@code 5s}, {@code 500ms} or ISO-8601): a long poll, so a client learns the
	 * outcome without asking again and again. Still {@code PENDING} when the time is up.
	 * The request holds no database connection while it waits.
	 */
	@GetMapping("/{id}")
	OrderView order(@PathVariable UUID id, @RequestParam(required = false) @Nullable String waitFor,
			@RequestParam(required = false) @Nullable String timeout) {
		if (waitFor == null) {
			if (timeout != null) {
				throw new BadRequestException("timeout goes with waitFor=final; leave it out or add waitFor=final");
			}
			return read(id);
		}
		if (!"final".equals(waitFor)) {
			throw new BadRequestException("waitFor must be final, was '" + waitFor + "'");
		}
		long deadline = System.nanoTime() + longPoll(timeout).toNanos();
		this.outcomes.expect(id);
		try {
			OrderView order = read(id);
			long left = deadline - System.nanoTime();
			while (order.status() == Order.Status.PENDING && left > 0) {
				Duration wait = Duration.ofNanos(left);
				// The wait holds no database connection, so it takes no turn of the
				// service's concurrency limit either.
				ConcurrencyLimit.whileWaiting(() -> {
					this.outcomes.await(wait);
					return null;
				});
				order = read(id);
				left = deadline - System.nanoTime();
			}
			return order;
		}
		finally {
			this.outcomes.forget(id);
		}
	}

	private OrderView read(UUID id) {
		return Objects.requireNonNull(this.readOnly.execute((status) -> OrderView.of(find(id))));
	}

	private static Duration longPoll(@Nullable String timeout) {
		if (timeout == null) {
			return DEFAULT_WAIT;
		}
		try {
			Duration wait = DurationStyle.detectAndParse(timeout.strip());
			if (!wait.isNegative() && wait.compareTo(MAX_WAIT) <= 0) {
				return wait;
			}
		}
		catch (IllegalArgumentException ex) {
			// Refused below, with the rule.
		}
		throw new BadRequestException("timeout must be a duration from 0s to " + MAX_WAIT.toSeconds()
				+ "s such as 5s or 500ms, was '" + timeout + "'");
	}

	/**
	 * The order with the customer's name and each product's name and stock, read from the
	 * other services. Partial, with {@code degraded} naming what is missing, when one of
	 * them cannot answer; the order is read first in a transaction of its own, so no
	 * database connection waits on another service.
	 */
	@GetMapping("/{id}/details")
	OrderDetails.View details(@PathVariable UUID id) {
		return this.details.of(read(id));
	}

	@GetMapping
	@Transactional(readOnly = true)
	PageView<OrderView> orders(@RequestParam(required = false) @Nullable UUID customerId,
			@RequestParam(required = false) Order.@Nullable Status status,
			@PageableDefault(size = 20, sort = "placedAt", direction = Sort.Direction.DESC) @SortBy(value = "placedAt",
					then = "id") Pageable pageable) {
		Specification<Order> filter = Specification.unrestricted();
		if (customerId != null) {
			filter = filter.and((order, query, criteria) -> criteria.equal(order.get("customerId"), customerId));
		}
		if (status != null) {
			filter = filter.and((order, query, criteria) -> criteria.equal(order.get("status"), status));
		}
		return PageView.of(this.orders.findAll(filter, pageable), OrderView::of);
	}

	@PostMapping("/{id}/cancel")
	@Transactional
	OrderView cancel(@PathVariable UUID id) {
		Order order = this.orders.findForUpdate(id).orElseThrow(() -> notFound(id));
		order.cancel(this.clock.instant());
		return OrderView.of(this.orders.save(order));
	}

	private Order find(UUID id) {
		return this.orders.findById(id).orElseThrow(() -> notFound(id));
	}

	private static NotFoundException notFound(UUID id) {
		return new NotFoundException("No order with id " + id);
	}

	record OrderView(UUID id, UUID customerId, Order.Status status, List<LineView> lines, BigDecimal total,
			List<RejectionReason> rejectionReasons, List<HistoryView> history) {

		static OrderView of(Order order) {
			return new OrderView(order.id(), order.customerId(), order.status(),
					order.lines()
						.stream()
						.map((line) -> new LineView(line.sku(), line.quantity(), line.unitPrice()))
						.toList(),
					order.total(), order.rejectionReasons().stream().sorted().toList(),
					order.history().stream().map((change) -> new HistoryView(change.status(), change.at())).toList());
		}

	}

	record LineView(String sku, int quantity, BigDecimal unitPrice) {
	}

	record HistoryView(Order.Status status, Instant at) {
	}

}
