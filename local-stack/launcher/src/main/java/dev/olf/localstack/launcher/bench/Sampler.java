package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Samples, once a second while the benchmark runs: CPU time and PSS of every process of
 * the stack, the outbox backlog of every service instance, the lag of every consumer
 * group, and how far behind the statistics are in time.
 */
final class Sampler implements AutoCloseable {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private final Supplier<Map<String, ProcessUsage.Watched>> processes;

	private final Supplier<List<URI>> serviceInstances;

	private final ConsumerLag lag;

	private final String statsGroup;

	private final LongSupplier statsLagNanos;

	private final Api api;

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * @param processes each process to watch, by name, asked at every sample since a
	 * restarted process has a new pid
	 * @param serviceInstances every service instance, for its outbox backlog
	 * @param lag consumer lag
	 * @param statsGroup the statistics' consumer group
	 * @param statsLagNanos how long ago the oldest order the statistics have not counted
	 * was accepted, 0 if they counted every one
	 * @param api the HTTP client
	 */
	Sampler(Supplier<Map<String, ProcessUsage.Watched>> processes, Supplier<List<URI>> serviceInstances,
			ConsumerLag lag, String statsGroup, LongSupplier statsLagNanos, Api api) {
		this.processes = processes;
		this.serviceInstances = serviceInstances;
		this.lag = lag;
		this.statsGroup = statsGroup;
		this.statsLagNanos = statsLagNanos;
		this.api = api;
		this.thread = Thread.ofPlatform().name("benchmark-sampler").daemon().unstarted(this::run);
	}

	/**
	 * Starts sampling once a second.
	 * @return this sampler
	 */
	Sampler start() {
		this.thread.start();
		return this;
	}

	private void run() {
		long next = System.nanoTime();
		while (this.running) {
			this.samples.add(sample());
			next += INTERVAL.toNanos();
			long wait = next - System.nanoTime();
			if (wait > 0) {
				try {
					Thread.sleep(Duration.ofNanos(wait));
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			else {
				next = System.nanoTime();
			}
		}
	}

	/**
	 * Takes a sample now.
	 * @return the sample
	 */
	Sample sample() {
		long time = System.nanoTime();
		Map<String, Double> cpu = new LinkedHashMap<>();
		Map<String, Long> pss = new LinkedHashMap<>();
		this.processes.get().forEach((name, process) -> {
			cpu.put(name, ProcessUsage.cpuSeconds(process));
			pss.put(name, ProcessUsage.pss(process));
		});
		long backlog = 0;
		for (URI instance : this.serviceInstances.get()) {
			backlog += Math.max(0, outboxBacklog(this.api, instance));
		}
		Map<String, Long> lags;
		try {
			lags = this.lag.byGroup();
		}
		catch (RuntimeException ex) {
			lags = Map.of();
		}
		long maxLag = lags.values().stream().mapToLong(Long::longValue).max().orElse(0);
		long statsLag = lags.getOrDefault(this.statsGroup, 0L);
		return new Sample(time, cpu, pss, backlog, maxLag, statsLag, this.statsLagNanos.getAsLong() / 1e9);
	}

	/**
	 * @return the backlog from the instance's {@code outbox.backlog} meter, -1 if it
	 * cannot be read or is missing (the benchmark then never finds the system quiet, so a
	 * meter renamed fails its smoke run rather than reading as an empty outbox)
	 */
	static long outboxBacklog(Api api, URI instance) {
		try {
			// Only the one meter: a whole scrape is some 400 KB of Kafka client meters,
			// and taking it every second would load the services it measures.
			Api.Response response = api.get(instance, "/actuator/prometheus?includedNames=outbox_backlog_events",
					Duration.ofSeconds(2));
			if (response.status() != 200) {
				return -1;
			}
			long backlog = -1;
			for (String line : response.text().split("\n")) {
				if (line.startsWith("outbox_backlog_events")) {
					backlog = Math.max(0, backlog)
							+ (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
			return backlog;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * @param from a {@link System#nanoTime()}
	 * @param to a later one
	 * @return the samples taken between them
	 */
	List<Sample> between(long from, long to) {
		List<Sample> between = new ArrayList<>();
		for (Sample sample : this.samples) {
			if (sample.time() - from >= 0 && to - sample.time() >= 0) {
				between.add(sample);
			}
		}
		return between;
	}

	List<Sample> all() {
		return List.copyOf(this.samples);
	}

	@Override
	public void close() {
		if (!this.thread.isAlive()) {
			return;
		}
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One sample.
	 *
	 * @param time its {@link System#nanoTime()}
	 * @param cpuSeconds CPU seconds used so far, by process
	 * @param pss PSS bytes, by process
	 * @param outboxBacklog outbox rows not yet published, over every service instance
	 * @param maxConsumerLag the largest lag of any consumer group, in records
	 * @param statsLag the statistics' consumer lag, in records
	 * @param statsLagSeconds how long ago the oldest order the statistics have not
	 * counted was accepted
	 */
	record Sample(long time, Map<String, Double> cpuSeconds, Map<String, Long> pss, long outboxBacklog,
			long maxConsumerLag, long statsLag, double statsLagSeconds) {

		@Nullable Double cpuOf(String process) {
			return this.cpuSeconds.get(process);
		}

	}

}
