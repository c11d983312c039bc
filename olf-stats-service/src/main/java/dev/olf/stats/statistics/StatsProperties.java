package dev.olf.stats.statistics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lowStockThreshold a product with fewer units available is low on stock
 * @param sagaWindow how far back saga durations count towards the percentiles
 * @param refreshInterval how often the summary is recomputed for the stream and meters,
 * and consumer lag measured
 */
@ConfigurationProperties("olf.stats")
record StatsProperties(@DefaultValue("5") int lowStockThreshold, @DefaultValue("5m") Duration sagaWindow,
		@DefaultValue("1s") Duration refreshInterval) {

}
