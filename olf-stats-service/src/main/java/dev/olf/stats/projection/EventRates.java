package dev.olf.stats.projection;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Events received per topic per second, over the last few whole seconds; a live figure,
 * not a projection, so it starts from zero after a restart.
 */
@Component
public class EventRates {

	private static final int SECONDS = 10;

	private static final int WINDOW = 5;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, Ring> rings = new ConcurrentHashMap<>();

	EventRates(Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.meters = meters;
	}

	void received(String topic) {
		// The rate itself reaches Prometheus with the other figures (StatsMeters); the
		// counter lets Prometheus compute its own.
		this.rings
			.computeIfAbsent(topic,
					(name) -> new Ring(Counter.builder("olf.events.received").tag("topic", name).register(this.meters)))
			.add(this.clock.millis() / 1000);
	}

	/**
	 * Average events per second over the last whole seconds.
	 * @param topic the topic
	 * @return events per second
	 */
	public double perSecond(String topic) {
		Ring ring = this.rings.get(topic);
		return (ring != null) ? ring.sum(this.clock.millis() / 1000, WINDOW) / (double) WINDOW : 0;
	}

	public Map<String, Double> all() {
		Map<String, Double> rates = new TreeMap<>();
		this.rings.keySet().forEach((topic) -> rates.put(topic, perSecond(topic)));
		return rates;
	}

	/**
	 * Counts per second in a ring of slots; a slot is reset when its second comes round
	 * again.
	 */
	private static final class Ring {

		private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);

		private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

		private final Counter total;

		Ring(Counter total) {
			this.total = total;
		}

		void add(long second) {
			this.total.increment();
			int slot = (int) (second % SECONDS);
			long current = this.seconds.get(slot);
			if (current != second && this.seconds.compareAndSet(slot, current, second)) {
				this.counts.set(slot, 0);
			}
			this.counts.incrementAndGet(slot);
		}

		/**
		 * The events of the {@code window} whole seconds before {@code now}.
		 */
		long sum(long now, int window) {
			long sum = 0;
			for (long second = now - window; second < now; second++) {
				int slot = (int) (second % SECONDS);
				if (this.seconds.get(slot) == second) {
					sum += this.counts.get(slot);
				}
			}
			return sum;
		}

	}

}
