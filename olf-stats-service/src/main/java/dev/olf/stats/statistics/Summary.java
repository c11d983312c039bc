package dev.olf.stats.statistics;

import java.math.BigDecimal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The figures at a glance.
 *
 * @param customersRegistered customers registered, in total
 * @param orders orders by outcome, in total
 * @param rejectedByReason rejected orders by reason (an order may have several)
 * @param revenue total of confirmed orders that were not cancelled
 * @param confirmationRate confirmed among decided (confirmed or rejected) orders, 0 to 1
 * @param sagaDuration milliseconds from placed to decided, over the sliding window
 * @param lowStockProducts how many products are below the threshold
 * @param eventsPerSecond events received per topic per second, lately
 * @param consumerLag records not yet consumed, per topic
 */
record Summary(long customersRegistered, Orders orders, Map<String, Long> rejectedByReason, BigDecimal revenue,
		double confirmationRate, SagaDuration sagaDuration, long lowStockProducts, Map<String, Double> eventsPerSecond,
		Map<String, Long> consumerLag) {

	record Orders(long placed, long confirmed, long rejected, long cancelled, long pending) {
	}

	/**
	 * Percentiles of saga duration in milliseconds, or {@code null} when nothing was
	 * decided in the window.
	 */
	record SagaDuration(long windowSeconds, long count, @Nullable Double p50, @Nullable Double p95,
			@Nullable Double p99) {
	}

	/**
	 * The part of the summary that the projections determine, without the live rates and
	 * lag: what a rebuild must reproduce.
	 * @return a copy without live figures
	 */
	Summary projected() {
		return new Summary(this.customersRegistered, this.orders, this.rejectedByReason, this.revenue,
				this.confirmationRate, this.sagaDuration, this.lowStockProducts, Map.of(), Map.of());
	}

}
