package dev.olf.localstack.launcher.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition of the running system, e.g. that every outbox is empty.
 */
final class Pause {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private Pause() {
	}

	static void briefly() {
		pause(INTERVAL);
	}

	/**
	 * Checks a condition every 200 ms until it holds or the time is up.
	 * @param what the condition, for the message
	 * @param timeout how long to wait at most
	 * @param condition the condition
	 * @throws IllegalStateException if it does not hold in time
	 */
	static void until(String what, Duration timeout, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Not " + what + " within " + timeout.toSeconds() + " s");
			}
			briefly();
		}
	}

	static void pause(Duration duration) {
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
