package dev.olf.stats.summary;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Named counters in the statistics database. Increments run inside the inbox transaction
 * of the event that causes them, so a redelivered event never counts twice.
 */
@Component
class Counters {

	static final String CUSTOMERS_REGISTERED = "customers.registered";

	private final JdbcClient jdbc;

	Counters(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void increment(String name) {
		this.jdbc.sql("""
				insert into counter (name, value) values (:name, 1)
				on conflict (name) do update set value = counter.value + 1
				""").param("name", name).update();
	}

	Map<String, Long> all() {
		return this.jdbc.sql("select name, value from counter")
			.query((rs, row) -> Map.entry(rs.getString("name"), rs.getLong("value")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
