package dev.olf.stats.statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.olf.stats.projection.Projections;
import dev.olf.web.BadRequestException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/stats")
class StatsController {

	private static final int MAX_POINTS = 2_000;

	private final Statistics statistics;

	private final Clock clock;

	StatsController(Statistics statistics, Clock clock) {
		this.statistics = statistics;
		this.clock = clock;
	}

	@GetMapping("/summary")
	Summary summary() {
		return this.statistics.summary();
	}

	/**
	 * A metric over time. {@code from} and {@code to} are ISO-8601 instants (default: the
	 * last 30 minutes), {@code step} an ISO-8601 duration of whole minutes (default
	 * {@code PT1M}).
	 */
	@GetMapping("/timeseries")
	TimeSeries timeSeries(@RequestParam String metric, @RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false, defaultValue = "PT1M") String step) {
		if (!Projections.TIME_SERIES.contains(metric)) {
			throw badRequest("Unknown metric '" + metric + "'; one of " + String.join(", ", Projections.TIME_SERIES));
		}
		Instant end = (to != null) ? instant("to", to) : this.clock.instant();
		Instant start = (from != null) ? instant("from", from) : end.minus(Duration.ofMinutes(30));
		Duration stepDuration = duration(step);
		if (!start.isBefore(end)) {
			throw badRequest("from must be before to");
		}
		if (Duration.between(start, end).dividedBy(stepDuration) > MAX_POINTS) {
			throw badRequest("At most " + MAX_POINTS + " points; choose a larger step or a shorter range");
		}
		return new TimeSeries(metric, stepDuration, this.statistics.timeSeries(metric, start, end, stepDuration));
	}

	@GetMapping("/products/top")
	List<Statistics.ProductFigures> topProducts(@RequestParam(defaultValue = "10") int limit) {
		if (limit < 1 || limit > 100) {
			throw badRequest("limit must be between 1 and 100");
		}
		return this.statistics.topProducts(limit);
	}

	@GetMapping("/products/low-stock")
	List<Statistics.ProductFigures> lowStock() {
		return this.statistics.lowStock();
	}

	private static Instant instant(String name, String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw badRequest(name + " must be an ISO-8601 instant such as 2026-11-23T10:00:00Z, not '" + value + "'");
		}
	}

	private static Duration duration(String value) {
		try {
			Duration step = Duration.parse(value);
			if (step.isNegative() || step.isZero() || step.toSeconds() % 60 != 0) {
				throw new DateTimeParseException("not whole minutes", value, 0);
			}
			return step;
		}
		catch (DateTimeParseException ex) {
			throw badRequest("step must be an ISO-8601 duration of whole minutes such as PT5M, not '" + value + "'");
		}
	}

	private static BadRequestException badRequest(String detail) {
		return new BadRequestException(detail);
	}

	record TimeSeries(String metric, Duration step, List<Statistics.Point> points) {
	}

}
