package dev.olf.stats.statistics;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * What happens every {@code olf.stats.refresh-interval}: consumer lag is measured, the
 * summary is recomputed and streamed to the dashboards if it changed, and the meters are
 * brought up to date.
 */
@Component
class StatisticsRefresh implements SchedulingConfigurer {

	private final StatsProperties properties;

	private final ConsumerLag lag;

	private final SummaryStream stream;

	private final StatsMeters meters;

	StatisticsRefresh(StatsProperties properties, ConsumerLag lag, SummaryStream stream, StatsMeters meters) {
		this.properties = properties;
		this.lag = lag;
		this.stream = stream;
		this.meters = meters;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this.lag::measure, this.properties.refreshInterval());
		tasks.addFixedRateTask(this.stream::publishIfChanged, this.properties.refreshInterval());
		tasks.addFixedDelayTask(this.meters::refresh, this.properties.refreshInterval());
	}

}
