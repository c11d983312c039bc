package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * One rate of the benchmark, offered open loop: order {@code i} is due at
 * {@code start + i / rate} whatever became of the orders before it, each on a virtual
 * thread of its own, and its latencies are measured from that due time, so a stall of the
 * system (or of this client) shows as latency instead of as fewer orders sent. Each
 * order's thread then waits for the saga's decision with the order service's long poll
 * and checks it against what the workload expects.
 */
final class OpenLoopStep {

	private static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

	/** Up to an hour, in microseconds, to three significant digits. */
	private static final long HIGHEST = TimeUnit.HOURS.toMicros(1);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LONG_POLL = Duration.ofSeconds(10);

	final double rate;

	final Duration duration;

	/** From the due time to the POST's answer. */
	final Histogram post = new ConcurrentHistogram(HIGHEST, 3);

	/** From the due time to the decision arriving through the long poll. */
	final Histogram decided = new ConcurrentHistogram(HIGHEST, 3);

	final AtomicLong sent = new AtomicLong();

	final AtomicLong accepted = new AtomicLong();

	final AtomicLong checked = new AtomicLong();

	final AtomicLong confirmed = new AtomicLong();

	final AtomicLong rejected = new AtomicLong();

	/** Errors by kind, e.g. {@code POST 503}, {@code not decided within 60 s}. */
	final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	long startNanos;

	long sendEndNanos;

	long lastDecisionNanos;

	private final AtomicLong lastDecision = new AtomicLong();

	private OpenLoopStep(double rate, Duration duration) {
		this.rate = rate;
		this.duration = duration;
	}

	/**
	 * Offers a rate for a while and returns when every order it placed is decided or past
	 * the limit.
	 * @param rate orders per second
	 * @param duration how long
	 * @param firstIndex the workload index of the step's first order
	 * @param workload what to order
	 * @param orderService the order service's instances now; orders go to them in turn
	 * @param finalLimit how long after its due time an order may take to be decided
	 * @param api the HTTP client
	 * @param placed receives every order the service accepted, with its outcome
	 * @param acceptedAt receives the time each order was accepted
	 * @return the step's figures
	 */
	static OpenLoopStep run(double rate, Duration duration, long firstIndex, Workload workload,
			Supplier<List<URI>> orderService, Duration finalLimit, Api api, Queue<PlacedOrder> placed,
			AcceptedTimes acceptedAt) {
		OpenLoopStep step = new OpenLoopStep(rate, duration);
		long count = Math.max(1, Math.round(duration.toNanos() / 1e9 * rate));
		double interval = 1e9 / rate;
		step.startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
		try (ExecutorService orders = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long i = 0; i < count; i++) {
				long due = step.startNanos + (long) (i * interval);
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				List<URI> instances = orderService.get();
				URI instance = instances.get((int) Math.floorMod(firstIndex + i, (long) instances.size()));
				Workload.Planned plan = workload.plan(firstIndex + i);
				step.sent.incrementAndGet();
				orders.execute(() -> step.order(instance, plan, due, finalLimit, api, placed, acceptedAt));
			}
			step.sendEndNanos = System.nanoTime();
		}
		step.lastDecisionNanos = (step.lastDecision.get() != 0) ? step.lastDecision.get() : System.nanoTime();
		return step;
	}

	private void order(URI instance, Workload.Planned plan, long due, Duration finalLimit, Api api,
			Queue<PlacedOrder> placed, AcceptedTimes acceptedAt) {
		Api.Response response;
		try {
			response = api.post(instance, "/api/orders", plan.json(), REQUEST_TIMEOUT);
		}
		catch (HttpTimeoutException ex) {
			error("POST timed out after " + REQUEST_TIMEOUT.toSeconds() + " s");
			return;
		}
		catch (IOException ex) {
			error("POST failed: " + ex.getClass().getSimpleName());
			return;
		}
		long answered = System.nanoTime();
		this.post.recordValue(micros(answered - due));
		if (response.status() != 202) {
			error("POST answered " + response.status());
			return;
		}
		this.accepted.incrementAndGet();
		acceptedAt.add(answered);
		UUID id = UUID.fromString(response.body().path("id").asString());
		long limit = due + finalLimit.toNanos();
		JsonNode order = null;
		while (System.nanoTime() - limit < 0) {
			Duration left = Duration.ofNanos(limit - System.nanoTime());
			Duration wait = (left.compareTo(LONG_POLL) < 0) ? left : LONG_POLL;
			try {
				Api.Response polled = api.get(instance,
						"/api/orders/" + id + "?waitFor=final&timeout=" + Math.max(1, wait.toMillis()) + "ms",
						wait.plus(REQUEST_TIMEOUT));
				if (polled.status() != 200) {
					error("long poll answered " + polled.status());
					Pause.briefly();
					continue;
				}
				JsonNode body = polled.body();
				if (FINAL.contains(body.path("status").asString())) {
					order = body;
					break;
				}
			}
			catch (IOException ex) {
				error("long poll failed: " + ex.getClass().getSimpleName());
				Pause.briefly();
			}
		}
		if (order == null) {
			error("not decided within " + finalLimit.toSeconds() + " s");
			placed.add(new PlacedOrder(id, plan, null, List.of(), BigDecimal.ZERO));
			return;
		}
		long decidedAt = System.nanoTime();
		this.decided.recordValue(micros(decidedAt - due));
		this.lastDecision.accumulateAndGet(decidedAt, (a, b) -> (a == 0 || b - a > 0) ? b : a);
		String status = order.path("status").asString();
		List<String> reasons = new ArrayList<>();
		order.path("rejectionReasons").forEach((reason) -> reasons.add(reason.asString()));
		placed.add(new PlacedOrder(id, plan, status, reasons, order.path("total").decimalValue()));
		this.checked.incrementAndGet();
		if ("CONFIRMED".equals(status)) {
			this.confirmed.incrementAndGet();
		}
		else if ("REJECTED".equals(status)) {
			this.rejected.incrementAndGet();
		}
		Workload.Expected expected = plan.expected();
		boolean asExpected = expected.status.equals(status)
				&& ((expected.reason == null) ? reasons.isEmpty() : reasons.equals(List.of(expected.reason)));
		if (!asExpected) {
			error("expected " + expected.status + ((expected.reason != null) ? " " + expected.reason : "") + ", was "
					+ status + (reasons.isEmpty() ? "" : " " + String.join(",", reasons)));
		}
	}

	private void error(String kind) {
		this.errors.computeIfAbsent(kind, (any) -> new LongAdder()).increment();
	}

	long errorCount() {
		return this.errors.values().stream().mapToLong(LongAdder::sum).sum();
	}

	Map<String, Long> errorsByKind() {
		Map<String, Long> byKind = new TreeMap<>();
		this.errors.forEach((kind, count) -> byKind.put(kind, count.sum()));
		return byKind;
	}

	/**
	 * @return decided orders per second, from the step's start to its last decision
	 */
	double achieved() {
		double seconds = (this.lastDecisionNanos - this.startNanos) / 1e9;
		return (seconds > 0) ? this.decided.getTotalCount() / seconds : 0;
	}

	private static long micros(long nanos) {
		return Math.min(HIGHEST, Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
	}

	/**
	 * An order the service accepted.
	 *
	 * @param id its id
	 * @param plan what was ordered and what must come of it
	 * @param status its final status, {@code null} if it was not decided in time
	 * @param reasons the reasons of a rejection
	 * @param total its total
	 */
	record PlacedOrder(UUID id, Workload.Planned plan, @org.jspecify.annotations.Nullable String status,
			List<String> reasons, BigDecimal total) {
	}

}
