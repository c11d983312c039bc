package dev.olf.localstack.launcher;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Holds a quiet system to what its clients were told and to the design's invariants,
 * reading the services' databases and every Kafka topic rather than trusting the APIs:
 * <ul>
 * <li>every accepted order exists under its idempotency key and is final; no request made
 * two orders, and a refused one made none;</li>
 * <li>per product: reserved 0, committed the quantity of confirmed orders, on hand plus
 * committed the initial stock; per customer: reserved 0, used the total of confirmed
 * orders, the limit unchanged; no reservation still held;</li>
 * <li>no change published under two event ids (per order: one OrderPlaced, one decision,
 * one cancellation; per participant one answer, one commit, one release), and no order
 * without its events;</li>
 * <li>the dead-letter topics hold the unreadable records, once for each consumer group of
 * their topic, and nothing else;</li>
 * <li>the statistics equal the services' own figures.</li>
 * </ul>
 */
final class SystemAudit {

	private static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

	/** Event types that one change of one order publishes at most once, by kind. */
	private static final Map<String, String> ONCE_PER_ORDER = Map.ofEntries(Map.entry("order.placed.v1", "placed"),
			Map.entry("order.confirmed.v1", "decision"), Map.entry("order.rejected.v1", "decision"),
			Map.entry("order.cancelled.v1", "cancellation"), Map.entry("customer.credit-reserved.v1", "credit answer"),
			Map.entry("customer.credit-reservation-failed.v1", "credit answer"),
			Map.entry("customer.credit-committed.v1", "credit commit"),
			Map.entry("customer.credit-released.v1", "credit release"),
			Map.entry("inventory.stock-reserved.v1", "stock answer"),
			Map.entry("inventory.stock-reservation-failed.v1", "stock answer"),
			Map.entry("inventory.stock-committed.v1", "stock commit"),
			Map.entry("inventory.stock-released.v1", "stock release"));

	private final LocalStack stack;

	private final StackDatabase database;

	SystemAudit(LocalStack stack, StackDatabase database) {
		this.stack = stack;
		this.database = database;
	}

	/**
	 * Waits until nothing is under way any more: no order pending, every outbox empty,
	 * every consumer group at the end of its topics.
	 * @param timeout how long to wait
	 * @return {@code false} if it was not quiet in time; the audit then says why
	 */
	boolean awaitQuiet(Duration timeout) {
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(this::isQuiet);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	private boolean isQuiet() {
		if (this.database.count(Service.ORDER, "select count(*) from orders where status = 'PENDING'") > 0) {
			return false;
		}
		for (Service service : Service.apis()) {
			if (this.database.count(service, "select count(*) from outbox") > 0) {
				return false;
			}
		}
		return StackKafka.lag(this.stack).isEmpty();
	}

	/**
	 * Audits the system; call it when it is quiet.
	 * @param ledger what the clients were told
	 * @param creditLimits the load's customers and their limits
	 * @param initialStock the load's products and their stock
	 * @param poison the unreadable records sent
	 * @return what was found
	 */
	Findings audit(OrderLedger ledger, Map<UUID, BigDecimal> creditLimits, Map<String, Integer> initialStock,
			List<FaultInjector.Poison> poison) {
		Findings findings = new Findings(ledger);
		Map<UUID, StoredOrder> orders = orders();
		checkOrders(ledger, orders, findings);
		checkCredit(orders, creditLimits, findings);
		checkStock(orders, initialStock, findings);
		checkEvents(orders, poison, findings);
		checkDeadLetters(poison, findings);
		checkStatistics(orders, findings);
		return findings;
	}

	private Map<UUID, StoredOrder> orders() {
		Map<UUID, StoredOrder> orders = new HashMap<>();
		this.database.query(Service.ORDER, """
				select o.id, o.status, o.customer_id, o.total, k.key from orders o
				left join idempotency_key k on k.order_id = o.id""", (row) -> {
			UUID id = row.getObject(1, UUID.class);
			orders.put(id, new StoredOrder(id, row.getString(2), row.getObject(3, UUID.class), row.getBigDecimal(4),
					row.getString(5), new HashMap<>(), new ArrayList<>()));
			return id;
		});
		this.database.query(Service.ORDER, "select order_id, sku, quantity from order_line", (row) -> {
			orders.get(row.getObject(1, UUID.class)).lines().merge(row.getString(2), row.getInt(3), Integer::sum);
			return null;
		});
		this.database.query(Service.ORDER, "select order_id, reason from order_rejection_reason", (row) -> {
			orders.get(row.getObject(1, UUID.class)).reasons().add(row.getString(2));
			return null;
		});
		return orders;
	}

	private void checkOrders(OrderLedger ledger, Map<UUID, StoredOrder> orders, Findings findings) {
		Map<String, StoredOrder> byKey = new HashMap<>();
		for (StoredOrder order : orders.values()) {
			if (order.key() == null || ledger.byKey(order.key()) == null) {
				findings.doubled(null, "order " + order.id() + " belongs to no request a client sent (key "
						+ order.key() + "): a request made a second order");
			}
			else {
				byKey.put(order.key(), order);
			}
			if (!FINAL.contains(order.status())) {
				findings.violation("order " + order.id() + " is " + order.status() + " when all is quiet");
			}
		}
		for (OrderLedger.Entry entry : ledger.entries()) {
			StoredOrder stored = byKey.get(entry.key());
			switch (entry.outcome()) {
				case ACCEPTED -> {
					if (stored == null || !stored.id().equals(entry.order())) {
						findings.lost(entry, "order " + entry.order() + " was accepted under key " + entry.key()
								+ " but " + ((stored == null) ? "is not there" : "the key names " + stored.id()));
					}
					else if (FINAL.contains(stored.status())) {
						findings.finalOrder(entry, stored.reasons().contains("TIMEOUT"));
					}
				}
				case REFUSED -> {
					if (stored != null) {
						findings.violation("request " + entry.key() + " was refused (" + entry.answer()
								+ ") yet made order " + stored.id());
					}
				}
				case GAVE_UP, IN_FLIGHT -> findings.unanswered(entry);
			}
		}
	}

	private void checkCredit(Map<UUID, StoredOrder> orders, Map<UUID, BigDecimal> creditLimits, Findings findings) {
		Map<UUID, BigDecimal> used = new HashMap<>();
		orders.values()
			.stream()
			.filter((order) -> order.status().equals("CONFIRMED"))
			.forEach((order) -> used.merge(order.customer(), order.total(), BigDecimal::add));
		this.database.query(Service.CUSTOMER, "select id, credit_limit, reserved_credit, used_credit from customer",
				(row) -> {
					UUID id = row.getObject(1, UUID.class);
					BigDecimal limit = creditLimits.get(id);
					if (limit != null) {
						expect(findings, "customer " + id + " credit limit", row.getBigDecimal(2), limit);
						expect(findings, "customer " + id + " reserved credit", row.getBigDecimal(3), BigDecimal.ZERO);
						expect(findings, "customer " + id + " used credit (total of confirmed orders)",
								row.getBigDecimal(4), used.getOrDefault(id, BigDecimal.ZERO));
					}
					return id;
				});
		long held = this.database.count(Service.CUSTOMER,
				"select count(*) from credit_reservation where status = 'RESERVED'");
		if (held > 0) {
			findings.violation(held + " credit reservations still held when all is quiet");
		}
	}

	private void checkStock(Map<UUID, StoredOrder> orders, Map<String, Integer> initialStock, Findings findings) {
		Map<String, Integer> committed = new HashMap<>();
		orders.values()
			.stream()
			.filter((order) -> order.status().equals("CONFIRMED"))
			.forEach((order) -> order.lines().forEach((sku, quantity) -> committed.merge(sku, quantity, Integer::sum)));
		this.database.query(Service.INVENTORY, "select sku, on_hand, reserved, committed from product", (row) -> {
			String sku = row.getString(1);
			Integer initial = initialStock.get(sku);
			if (initial != null) {
				expect(findings, sku + " reserved", row.getLong(3), 0L);
				expect(findings, sku + " committed (quantity of confirmed orders)", row.getLong(4),
						(long) committed.getOrDefault(sku, 0));
				expect(findings, sku + " on hand + committed (initial stock)", row.getLong(2) + row.getLong(4),
						(long) initial);
			}
			return sku;
		});
		long held = this.database.count(Service.INVENTORY,
				"select count(*) from reservation where status = 'RESERVED'");
		if (held > 0) {
			findings.violation(held + " stock reservations still held when all is quiet");
		}
	}

	/**
	 * Every change once on Kafka: a change published again (the relay's at-least-once
	 * delivery) keeps its event id, so two ids for one kind of change of one order mean
	 * it was made twice.
	 */
	private void checkEvents(Map<UUID, StoredOrder> orders, List<FaultInjector.Poison> poison, Findings findings) {
		Set<String> poisonIds = poison.stream().map(FaultInjector.Poison::eventId).collect(Collectors.toSet());
		Map<String, Set<String>> ids = new HashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : StackKafka.readAll(this.stack, FaultInjector.TOPICS)) {
			String id = header(record, "ce_id");
			String kind = ONCE_PER_ORDER.get(header(record, "ce_type"));
			if (kind != null && id != null && !poisonIds.contains(id) && record.key() != null) {
				ids.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8) + " " + kind,
						(key) -> new HashSet<>())
					.add(id);
			}
		}
		for (StoredOrder order : orders.values()) {
			for (String kind : Set.copyOf(ONCE_PER_ORDER.values())) {
				Set<String> published = ids.getOrDefault(order.id() + " " + kind, Set.of());
				if (published.size() > 1) {
					findings.doubled(order.key(), "order " + order.id() + ": " + kind + " published under "
							+ published.size() + " event ids " + published);
				}
			}
			List<String> expected = switch (order.status()) {
				case "CONFIRMED" -> List.of("placed", "decision");
				case "REJECTED" -> List.of("placed", "decision");
				case "CANCELLED" -> List.of("placed", "cancellation");
				default -> List.of("placed");
			};
			for (String kind : expected) {
				if (!ids.containsKey(order.id() + " " + kind)) {
					findings.violation("order " + order.id() + " is " + order.status() + " but its " + kind
							+ " event never reached Kafka");
				}
			}
		}
	}

	/**
	 * Each unreadable record in the dead-letter topic of every group that reads its
	 * topic, once, and nothing else in any dead-letter topic.
	 */
	private void checkDeadLetters(List<FaultInjector.Poison> poison, Findings findings) {
		Map<String, Set<String>> groups = StackKafka.groupsByTopic(this.stack);
		Map<String, Integer> expected = new TreeMap<>();
		for (FaultInjector.Poison record : poison) {
			for (String group : groups.getOrDefault(record.topic(), Set.of())) {
				expected.put(record.topic() + "." + group + ".dlt " + record.eventId(), 0);
			}
		}
		List<String> deadLetterTopics = StackKafka.topics(this.stack)
			.stream()
			.filter((topic) -> topic.endsWith(".dlt"))
			.toList();
		for (ConsumerRecord<byte[], byte[]> record : StackKafka.readAll(this.stack, deadLetterTopics)) {
			String key = record.topic() + " " + header(record, "ce_id");
			if (expected.containsKey(key)) {
				expected.merge(key, 1, Integer::sum);
			}
			else {
				findings.violation("dead letter " + key + " at offset " + record.offset()
						+ " is not one of the unreadable records sent");
			}
		}
		expected.forEach((key, count) -> {
			if (count != 1) {
				findings.violation("unreadable record " + key + " is in its dead-letter topic " + count + " times");
			}
		});
	}

	/**
	 * The statistics service's projections against the services' own tables.
	 */
	private void checkStatistics(Map<UUID, StoredOrder> orders, Findings findings) {
		Map<String, BigDecimal> counters = new HashMap<>();
		this.database.query(Service.STATS, "select name, value from counter",
				(row) -> counters.put(row.getString(1), row.getBigDecimal(2)));
		Set<UUID> everConfirmed = new HashSet<>(this.database.query(Service.ORDER,
				"select distinct order_id from order_history where status = 'CONFIRMED'",
				(row) -> row.getObject(1, UUID.class)));
		Map<String, BigDecimal> figures = new TreeMap<>();
		figures.put("customers.registered",
				BigDecimal.valueOf(this.database.count(Service.CUSTOMER, "select count(*) from customer")));
		figures.put("orders.placed", BigDecimal.valueOf(orders.size()));
		figures.put("orders.confirmed", BigDecimal.valueOf(everConfirmed.size()));
		figures.put("orders.rejected", count(orders, "REJECTED"));
		figures.put("orders.cancelled", count(orders, "CANCELLED"));
		figures.put("revenue",
				orders.values()
					.stream()
					.filter((order) -> order.status().equals("CONFIRMED"))
					.map(StoredOrder::total)
					.reduce(BigDecimal.ZERO, BigDecimal::add));
		// Reasons of rejected orders only: an order cancelled while pending may hold the
		// reason of the reservation that had failed by then, but it was never rejected.
		orders.values()
			.stream()
			.filter((order) -> order.status().equals("REJECTED"))
			.forEach((order) -> order.reasons()
				.forEach((reason) -> figures.merge("orders.rejected." + reason, BigDecimal.ONE, BigDecimal::add)));
		counters.keySet()
			.stream()
			.filter((name) -> name.startsWith("orders.rejected."))
			.forEach((name) -> figures.putIfAbsent(name, BigDecimal.ZERO));
		figures.forEach((name, value) -> expect(findings, "statistic " + name,
				counters.getOrDefault(name, BigDecimal.ZERO), value));
		Map<UUID, String> views = new HashMap<>();
		this.database.query(Service.STATS, "select order_id, status from order_view",
				(row) -> views.put(row.getObject(1, UUID.class), row.getString(2)));
		orders.values()
			.forEach((order) -> expect(findings, "statistics' status of order " + order.id(), views.get(order.id()),
					order.status()));
		if (views.size() != orders.size()) {
			findings.violation("statistics know " + views.size() + " orders, the order service " + orders.size());
		}
		Map<String, List<Long>> products = new HashMap<>();
		this.database.query(Service.INVENTORY, "select sku, on_hand, reserved, committed from product",
				(row) -> products.put(row.getString(1), List.of(row.getLong(2), row.getLong(3), row.getLong(4))));
		this.database.query(Service.STATS, "select sku, on_hand, reserved, units_sold from product_view", (row) -> {
			expect(findings, "statistics' on hand, reserved, sold of " + row.getString(1),
					List.of(row.getLong(2), row.getLong(3), row.getLong(4)), products.get(row.getString(1)));
			return null;
		});
	}

	private static BigDecimal count(Map<UUID, StoredOrder> orders, String status) {
		return BigDecimal.valueOf(orders.values().stream().filter((order) -> order.status().equals(status)).count());
	}

	private static void expect(Findings findings, String what, @Nullable Object actual, @Nullable Object expected) {
		boolean equal = (actual instanceof BigDecimal a && expected instanceof BigDecimal e) ? a.compareTo(e) == 0
				: Objects.equals(actual, expected);
		if (!equal) {
			findings.violation(what + " is " + actual + ", expected " + expected);
		}
	}

	private static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private record StoredOrder(UUID id, String status, UUID customer, BigDecimal total, @Nullable String key,
			Map<String, Integer> lines, List<String> reasons) {
	}

	/**
	 * What an audit found, by the fault under way when each order was first sent where it
	 * can be told.
	 */
	static final class Findings {

		private final Map<String, int[]> byPhase = new HashMap<>();

		private final List<String> violations = new ArrayList<>();

		private final List<String> doubles = new ArrayList<>();

		private final List<String> losses = new ArrayList<>();

		private final List<String> unansweredRequests = new ArrayList<>();

		private int unanswered;

		private static final int FINAL_ORDERS = 0;

		private static final int LOST = 1;

		private static final int DOUBLED = 2;

		private static final int TIMEOUTS = 3;

		private final OrderLedger ledger;

		Findings(OrderLedger ledger) {
			this.ledger = ledger;
		}

		private int[] phase(String phase) {
			return this.byPhase.computeIfAbsent(phase, (name) -> new int[4]);
		}

		void finalOrder(OrderLedger.Entry entry, boolean timedOut) {
			phase(entry.phase())[FINAL_ORDERS]++;
			if (timedOut) {
				phase(entry.phase())[TIMEOUTS]++;
			}
		}

		void lost(OrderLedger.Entry entry, String what) {
			phase(entry.phase())[LOST]++;
			this.losses.add(what);
		}

		void doubled(@Nullable String key, String what) {
			this.doubles.add(what);
			OrderLedger.Entry entry = (key != null) ? this.ledger.byKey(key) : null;
			phase((entry != null) ? entry.phase() : "(no request)")[DOUBLED]++;
		}

		void violation(String what) {
			this.violations.add(what);
		}

		void unanswered(OrderLedger.Entry entry) {
			this.unanswered++;
			this.unansweredRequests.add("request " + entry.key() + " got no definite answer in " + entry.attempts()
					+ " attempts: " + entry.answer());
		}

		int finalIn(String phase) {
			return phase(phase)[FINAL_ORDERS];
		}

		int lostIn(String phase) {
			return phase(phase)[LOST];
		}

		int doubledIn(String phase) {
			return phase(phase)[DOUBLED];
		}

		int timeoutsIn(String phase) {
			return phase(phase)[TIMEOUTS];
		}

		List<String> violations() {
			return List.copyOf(this.violations);
		}

		List<String> doubles() {
			return List.copyOf(this.doubles);
		}

		List<String> losses() {
			return List.copyOf(this.losses);
		}

		int unanswered() {
			return this.unanswered;
		}

		/**
		 * @return every problem found, one line each; empty when the system kept every
		 * promise
		 */
		List<String> problems() {
			List<String> problems = new ArrayList<>(this.losses);
			problems.addAll(this.doubles);
			problems.addAll(this.violations);
			problems.addAll(this.unansweredRequests);
			return problems;
		}

	}

}
