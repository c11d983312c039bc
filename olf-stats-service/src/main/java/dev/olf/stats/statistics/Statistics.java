package dev.olf.stats.statistics;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.olf.stats.projection.EventRates;
import dev.olf.stats.projection.Projections;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the figures from the projections.
 */
@Component
class Statistics {

	private static final String REJECTED_PREFIX = Projections.ORDERS_REJECTED + ".";

	private final JdbcClient jdbc;

	private final EventRates rates;

	private final ConsumerLag lag;

	private final StatsProperties properties;

	private final Clock clock;

	Statistics(JdbcClient jdbc, EventRates rates, ConsumerLag lag, StatsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.rates = rates;
		this.lag = lag;
		this.properties = properties;
		this.clock = clock;
	}

	Summary summary() {
		Map<String, BigDecimal> counters = this.jdbc.sql("select name, value from counter")
			.query((rs, row) -> Map.entry(rs.getString("name"), rs.getBigDecimal("value")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		long confirmed = count(counters, Projections.ORDERS_CONFIRMED);
		long rejected = count(counters, Projections.ORDERS_REJECTED);
		long pending = this.jdbc.sql("select count(*) from order_view where status = 'PENDING'")
			.query(Long.class)
			.single();
		Map<String, Long> byReason = new TreeMap<>();
		counters.forEach((name, value) -> {
			if (name.startsWith(REJECTED_PREFIX)) {
				byReason.put(name.substring(REJECTED_PREFIX.length()), value.longValue());
			}
		});
		return new Summary(count(counters, Projections.CUSTOMERS_REGISTERED),
				new Summary.Orders(count(counters, Projections.ORDERS_PLACED), confirmed, rejected,
						count(counters, Projections.ORDERS_CANCELLED), pending),
				byReason, counters.getOrDefault(Projections.REVENUE, BigDecimal.ZERO).setScale(2),
				(confirmed + rejected == 0) ? 0 : (double) confirmed / (confirmed + rejected), sagaDuration(),
				lowStock().size(), this.rates.all(), this.lag.perTopic());
	}

	private Summary.SagaDuration sagaDuration() {
		Duration window = this.properties.sagaWindow();
		return this.jdbc.sql("""
				select count(*) as decided,
				       percentile_cont(0.5) within group (order by saga_millis) as p50,
				       percentile_cont(0.95) within group (order by saga_millis) as p95,
				       percentile_cont(0.99) within group (order by saga_millis) as p99
				from order_view where saga_millis is not null and decided_at > :since
				""")
			.param("since", utc(this.clock.instant().minus(window)))
			.query((rs, row) -> new Summary.SagaDuration(window.toSeconds(), rs.getLong("decided"),
					(Double) rs.getObject("p50"), (Double) rs.getObject("p95"), (Double) rs.getObject("p99")))
			.single();
	}

	/**
	 * A metric per step between two instants, with zero where nothing happened.
	 * @param metric one of {@link Projections#TIME_SERIES}
	 * @param from the start, rounded down to a minute
	 * @param to the end (exclusive)
	 * @param step a whole number of minutes
	 * @return one point per step
	 */
	List<Point> timeSeries(String metric, Instant from, Instant to, Duration step) {
		Instant start = from.truncatedTo(ChronoUnit.MINUTES);
		List<Point> points = new ArrayList<>();
		for (Instant bucket = start; bucket.isBefore(to); bucket = bucket.plus(step)) {
			points.add(new Point(bucket, BigDecimal.ZERO));
		}
		this.jdbc.sql("""
				select minute, value from minute_total where metric = :metric and minute >= :from and minute < :to
				""").param("metric", metric).param("from", utc(start)).param("to", utc(to)).query((rs) -> {
			Instant minute = rs.getObject("minute", OffsetDateTime.class).toInstant();
			int index = (int) Duration.between(start, minute).dividedBy(step);
			Point point = points.get(index);
			points.set(index, new Point(point.at(), point.value().add(rs.getBigDecimal("value"))));
		});
		return points;
	}

	List<ProductFigures> topProducts(int limit) {
		return this.jdbc.sql("""
				select sku, name, on_hand, reserved, on_hand - reserved as available, units_sold from product_view
				where units_sold > 0 order by units_sold desc, sku limit :limit
				""").param("limit", limit).query(ProductFigures.class).list();
	}

	List<ProductFigures> lowStock() {
		return this.jdbc.sql("""
				select sku, name, on_hand, reserved, on_hand - reserved as available, units_sold from product_view
				where name is not null and on_hand - reserved < :threshold order by on_hand - reserved, sku
				""").param("threshold", this.properties.lowStockThreshold()).query(ProductFigures.class).list();
	}

	List<ProductFigures> stock() {
		return this.jdbc.sql(
				"select sku, name, on_hand, reserved, on_hand - reserved as available, units_sold from product_view where name is not null")
			.query(ProductFigures.class)
			.list();
	}

	private static long count(Map<String, BigDecimal> counters, String name) {
		return counters.getOrDefault(name, BigDecimal.ZERO).longValue();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	record Point(Instant at, BigDecimal value) {
	}

	record ProductFigures(String sku, String name, int onHand, int reserved, int available, int unitsSold) {
	}

}
