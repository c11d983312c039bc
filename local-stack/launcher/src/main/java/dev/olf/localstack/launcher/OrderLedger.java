package dev.olf.localstack.launcher;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What the clients of a fault run were told: every order request by its idempotency key,
 * with the fault under way when it was first sent and its answer. The audit holds the
 * system to it.
 */
final class OrderLedger {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	Entry open(String key, String phase, @Nullable UUID customer) {
		Entry entry = new Entry(key, phase, customer);
		this.entries.put(key, entry);
		return entry;
	}

	Collection<Entry> entries() {
		return List.copyOf(this.entries.values());
	}

	@Nullable Entry byKey(String key) {
		return this.entries.get(key);
	}

	long accepted() {
		return this.entries.values().stream().filter((entry) -> entry.outcome() == Outcome.ACCEPTED).count();
	}

	long acceptedIn(String phase) {
		return this.entries.values()
			.stream()
			.filter((entry) -> entry.outcome() == Outcome.ACCEPTED && entry.phase().equals(phase))
			.count();
	}

	/**
	 * How a request ended for its client.
	 */
	enum Outcome {

		/** Still being sent or retried. */
		IN_FLIGHT,

		/** 202: the order exists. */
		ACCEPTED,

		/** A 4xx: no order. */
		REFUSED,

		/** No definite answer before the client gave up: there may be an order. */
		GAVE_UP

	}

	/**
	 * One order request, retried under the same key until it got a definite answer.
	 */
	static final class Entry {

		private final String key;

		private final String phase;

		private final @Nullable UUID customer;

		private volatile Outcome outcome = Outcome.IN_FLIGHT;

		private volatile @Nullable UUID order;

		private volatile int attempts;

		private volatile String answer = "";

		Entry(String key, String phase, @Nullable UUID customer) {
			this.key = key;
			this.phase = phase;
			this.customer = customer;
		}

		String key() {
			return this.key;
		}

		String phase() {
			return this.phase;
		}

		@Nullable UUID customer() {
			return this.customer;
		}

		Outcome outcome() {
			return this.outcome;
		}

		@Nullable UUID order() {
			return this.order;
		}

		int attempts() {
			return this.attempts;
		}

		String answer() {
			return this.answer;
		}

		void attempted() {
			this.attempts++;
		}

		void accepted(UUID order) {
			this.order = order;
			this.outcome = Outcome.ACCEPTED;
		}

		void refused(int status, String text) {
			this.answer = status + " " + text;
			this.outcome = Outcome.REFUSED;
		}

		void gaveUp(String lastAnswer) {
			this.answer = lastAnswer;
			this.outcome = Outcome.GAVE_UP;
		}

	}

}
