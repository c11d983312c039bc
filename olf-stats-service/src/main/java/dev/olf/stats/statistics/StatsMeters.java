package dev.olf.stats.statistics;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.stereotype.Component;

/**
 * The same figures as Micrometer meters on {@code /actuator/prometheus}, read from the
 * summary the stream keeps current.
 */
@Component
class StatsMeters {

	private final SummaryStream stream;

	private final Statistics statistics;

	private final MultiGauge rejectedByReason;

	private final MultiGauge stock;

	private final MultiGauge unitsSold;

	private final MultiGauge eventRates;

	private final MultiGauge lag;

	StatsMeters(SummaryStream stream, Statistics statistics, MeterRegistry meters) {
		this.stream = stream;
		this.statistics = statistics;
		gauge(meters, "olf.customers.registered", "Customers registered", (summary) -> summary.customersRegistered());
		for (String outcome : List.of("placed", "confirmed", "rejected", "cancelled", "pending")) {
			Gauge.builder("olf.orders", this, (meter) -> orders(meter.stream.latest().orders(), outcome))
				.description("Orders by outcome, in total")
				.tag("outcome", outcome)
				.register(meters);
		}
		gauge(meters, "olf.revenue", "Total of confirmed, not cancelled orders",
				(summary) -> summary.revenue().doubleValue());
		gauge(meters, "olf.orders.confirmation.rate", "Confirmed among decided orders", Summary::confirmationRate);
		for (String quantile : List.of("0.5", "0.95", "0.99")) {
			Gauge
				.builder("olf.saga.duration", this,
						(meter) -> percentile(meter.stream.latest().sagaDuration(), quantile))
				.description("Milliseconds from placed to decided over the sliding window")
				.baseUnit("milliseconds")
				.tag("quantile", quantile)
				.register(meters);
		}
		gauge(meters, "olf.stock.low.products", "Products below the low-stock threshold",
				(summary) -> summary.lowStockProducts());
		this.rejectedByReason = MultiGauge.builder("olf.orders.rejected.reason").register(meters);
		this.stock = MultiGauge.builder("olf.stock.available")
			.description("Units available per product")
			.register(meters);
		this.unitsSold = MultiGauge.builder("olf.product.units.sold").register(meters);
		this.eventRates = MultiGauge.builder("olf.events.per.second").register(meters);
		this.lag = MultiGauge.builder("olf.consumer.lag").description("Records not yet projected").register(meters);
	}

	void refresh() {
		Summary summary = this.stream.latest();
		this.rejectedByReason.register(rows(summary.rejectedByReason(), "reason"), true);
		this.eventRates.register(rows(summary.eventsPerSecond(), "topic"), true);
		this.lag.register(rows(summary.consumerLag(), "topic"), true);
		List<Statistics.ProductFigures> products = this.statistics.stock();
		this.stock.register(products.stream()
			.map((product) -> MultiGauge.Row.of(Tags.of("sku", product.sku()), product.available()))
			.toList(), true);
		this.unitsSold.register(products.stream()
			.map((product) -> MultiGauge.Row.of(Tags.of("sku", product.sku()), product.unitsSold()))
			.toList(), true);
	}

	private static List<MultiGauge.Row<?>> rows(Map<String, ? extends Number> values, String tag) {
		return values.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((entry) -> MultiGauge.Row.of(Tags.of(tag, entry.getKey()), entry.getValue()))
			.toList();
	}

	private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Summary> value) {
		Gauge.builder(name, this, (meter) -> value.applyAsDouble(meter.stream.latest()))
			.description(description)
			.register(meters);
	}

	private static double orders(Summary.Orders orders, String outcome) {
		return switch (outcome) {
			case "placed" -> orders.placed();
			case "confirmed" -> orders.confirmed();
			case "rejected" -> orders.rejected();
			case "cancelled" -> orders.cancelled();
			default -> orders.pending();
		};
	}

	private static double percentile(Summary.SagaDuration duration, String quantile) {
		Double value = switch (quantile) {
			case "0.5" -> duration.p50();
			case "0.95" -> duration.p95();
			default -> duration.p99();
		};
		return (value != null) ? value : Double.NaN;
	}

}
