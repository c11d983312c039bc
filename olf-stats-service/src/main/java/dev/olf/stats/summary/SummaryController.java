package dev.olf.stats.summary;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SummaryController {

	private final Counters counters;

	SummaryController(Counters counters) {
		this.counters = counters;
	}

	@GetMapping("/api/stats/summary")
	Summary summary() {
		Map<String, Long> all = this.counters.all();
		return new Summary(all.getOrDefault(Counters.CUSTOMERS_REGISTERED, 0L));
	}

	record Summary(long customersRegistered) {
	}

}
