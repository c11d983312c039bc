package dev.olf.localstack.launcher.bench;

import java.util.Arrays;

/**
 * When each order was accepted, to tell how far behind the statistics are in time: if
 * they have counted {@code k} of the orders, the oldest one they have not counted is the
 * {@code k}-th accepted.
 */
final class AcceptedTimes {

	private long[] times = new long[1024];

	private int size;

	synchronized void add(long nanoTime) {
		if (this.size == this.times.length) {
			this.times = Arrays.copyOf(this.times, this.size * 2);
		}
		this.times[this.size++] = nanoTime;
	}

	/**
	 * @param counted how many of the orders the statistics have counted
	 * @param now the {@link System#nanoTime()} to measure from
	 * @return how long ago the oldest uncounted order was accepted, 0 if every one is
	 * counted
	 */
	long lagNanos(long counted, long now) {
		long[] sorted;
		synchronized (this) {
			if (counted >= this.size) {
				return 0;
			}
			sorted = Arrays.copyOf(this.times, this.size);
		}
		Arrays.sort(sorted);
		return Math.max(0, now - sorted[(int) Math.max(0, counted)]);
	}

	synchronized int size() {
		return this.size;
	}

}
