package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.olf.localstack.launcher.LocalStack;
import dev.olf.localstack.launcher.Service;
import dev.olf.localstack.launcher.ServiceProcess;

/**
 * The saga benchmark on a running {@link LocalStack}: measures the references on the idle
 * stack, offers each rate open loop while sampling every process, waits until the system
 * is quiet after each, checks the invariants on the data it created, measures the
 * statistics' replay, and writes the report.
 */
public final class Benchmark {

	/** The statistics' consumer group. */
	static final String STATS_GROUP = "olf-stats";

	private static final Duration QUIET_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private final LocalStack stack;

	private final BenchmarkOptions options;

	private final PrintStream out;

	private final Api api;

	private final KafkaClients kafka;

	private Benchmark(LocalStack stack, BenchmarkOptions options, PrintStream out) {
		this.stack = stack;
		this.api = new Api(stack.authUrl());
		this.options = options;
		this.out = out;
		this.kafka = new KafkaClients(stack.kafkaAdminProperties());
	}

	/**
	 * Runs the benchmark and writes its report.
	 * @param stack the running stack
	 * @param options rates, durations, where the report goes
	 * @param timeToReady how long the stack took to start, if it was started for the
	 * benchmark
	 * @param out where progress and the summary go
	 * @return what came of it
	 */
	public static Result run(LocalStack stack, BenchmarkOptions options, @Nullable Duration timeToReady,
			PrintStream out) {
		try {
			return new Benchmark(stack, options, out).run(timeToReady);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Result run(@Nullable Duration timeToReady) throws IOException {
		Report.Builder report = new Report.Builder(Instant.now(), this.options, timeToReady);
		try (ConsumerLag lag = new ConsumerLag(this.kafka)) {
			say("waiting until the system is quiet");
			awaitQuiet(lag);
			report.idle(
					new Sampler(this::processes, this::serviceInstances, lag, STATS_GROUP, () -> 0, this.api).sample());

			measureReferences(report);

			say("registering " + (Workload.CUSTOMERS + 1) + " customers and adding " + (Workload.PRODUCTS + 1)
					+ " products");
			Workload workload = Workload.create(this.api, url(Service.CUSTOMER), url(Service.INVENTORY),
					url(Service.ORDER));
			awaitQuiet(lag);
			awaitNoPendingOrders();
			JsonNode statsBefore = statsSummary();
			long statsBaseline = statsBefore.path("orders").path("placed").asLong();
			AcceptedTimes accepted = new AcceptedTimes();
			Queue<OpenLoopStep.PlacedOrder> placed = new ConcurrentLinkedQueue<>();
			try (Sampler sampler = new Sampler(this::processes, this::serviceInstances, lag, STATS_GROUP,
					() -> statsLag(accepted, statsBaseline), this.api)
				.start()) {
				long index = 0;
				for (double rate : this.options.rates()) {
					say("offering %s orders/s for %d s".formatted(Report.number(rate),
							this.options.duration().toSeconds()));
					Map<String, Double> cpuBefore = cpuSeconds();
					long cpuFrom = System.nanoTime();
					OpenLoopStep step = OpenLoopStep.run(rate, this.options.duration(), index, workload,
							this::orderInstances, this.options.finalLimit(), this.api, placed, accepted);
					Map<String, Double> cpu = cpuPercent(cpuBefore, cpuSeconds(), (System.nanoTime() - cpuFrom) / 1e9);
					index += step.sent.get();
					long quietFrom = System.nanoTime();
					boolean quiet = tryAwaitQuiet(lag);
					long quietAt = System.nanoTime();
					Report.StepFigures figures = Report.StepFigures.of(step, sampler.between(step.startNanos, quietAt),
							cpu, quiet ? (quietAt - quietFrom) / 1e9 : -1);
					report.step(figures, step.post, step.decided);
					say(figures.oneLine());
				}
				report.samples(sampler.all());
			}

			say("checking the invariants on " + placed.size() + " orders");
			awaitQuiet(lag);
			Invariants.Checked checked = checkInvariants(workload, placed, statsBefore);
			report.invariants(placed.size(), checked.listed(), checked.violations());

			if (this.options.rebuild()) {
				measureReplay(lag, report);
			}
		}
		Report written = report.build();
		Path directory = written.write(this.options.reportDirectory());
		this.out.println();
		this.out.print(written.markdownSummary());
		this.out.println();
		this.out.println("Report: " + directory.resolve(Report.MARKDOWN) + " and " + directory.resolve(Report.HTML));
		return new Result(directory, written.ordersPlaced(), written.ordersChecked(), written.violations());
	}

	private void measureReferences(Report.Builder report) {
		Duration duration = this.options.referenceDuration();
		say("reference: single-row commits on PostgreSQL, 1 client");
		double pg1 = References.postgresCommits(this::connect, 1, duration);
		say("reference: single-row commits on PostgreSQL, 4 clients");
		double pg4 = References.postgresCommits(this::connect, 4, duration);
		say("reference: Kafka acks=all idempotent producer, batched");
		double kafkaBatched = References.kafkaThroughput(this.kafka, duration);
		say("reference: Kafka acks=all idempotent producer, one record at a time");
		double kafkaSingle = References.kafkaOneAtATime(this.kafka, duration);
		report.references(new Report.ReferenceFigures(pg1, pg4, kafkaBatched, kafkaSingle));
		say(String.format(java.util.Locale.ROOT,
				"references: PostgreSQL %.0f commits/s (1 client), %.0f (4 clients); Kafka %.0f records/s batched, %.0f one at a time",
				pg1, pg4, kafkaBatched, kafkaSingle));
	}

	private java.sql.Connection connect() throws java.sql.SQLException {
		return this.stack.connect(References.DATABASE);
	}

	private Invariants.Checked checkInvariants(Workload workload, Queue<OpenLoopStep.PlacedOrder> placed,
			JsonNode statsBefore) throws IOException {
		Invariants.Urls urls = new Invariants.Urls(url(Service.CUSTOMER), url(Service.ORDER), url(Service.INVENTORY),
				url(Service.STATS));
		// Quiet means every event is consumed; a participant's last commit or the
		// statistics' last projection may still be finishing.
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		Invariants.Checked checked = Invariants.check(this.api, urls, workload, placed, statsBefore);
		while (!checked.violations().isEmpty() && Instant.now().isBefore(deadline)) {
			Pause.pause(Duration.ofSeconds(1));
			checked = Invariants.check(this.api, urls, workload, placed, statsBefore);
		}
		return checked;
	}

	/**
	 * Replays every topic into the statistics (the rebuild wipes the projections and the
	 * group's offsets before it answers) and times it until the group has consumed
	 * everything and the figures are back.
	 */
	private void measureReplay(ConsumerLag lag, Report.Builder report) throws IOException {
		long events = lag.countEvents();
		JsonNode before = projected(statsSummary());
		say("replaying " + events + " events into the statistics (POST /api/admin/projections/rebuild)");
		long start = System.nanoTime();
		this.api.expect(202, this.api.post(url(Service.STATS), "/api/admin/projections/rebuild", "", CALL_TIMEOUT),
				"Rebuilding the projections");
		boolean same;
		try {
			Pause.until("replayed", Duration.ofMinutes(30), () -> replayed(lag, before));
			same = true;
		}
		catch (IllegalStateException ex) {
			same = false;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		report.replay(events, seconds, same);
		say(String.format(java.util.Locale.ROOT, "replay: %d events in %.1f s, %.0f events/s%s", events, seconds,
				events / seconds, same ? "" : "; the figures did NOT come back the same"));
	}

	private boolean replayed(ConsumerLag lag, JsonNode before) {
		try {
			return lag.ofGroupOverEventTopics(STATS_GROUP) == 0 && before.equals(projected(statsSummary()));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static JsonNode projected(JsonNode summary) {
		ObjectNode copy = (ObjectNode) summary.deepCopy();
		return copy.retain("customersRegistered", "orders", "rejectedByReason", "revenue", "lowStockProducts");
	}

	private long statsLag(AcceptedTimes accepted, long baseline) {
		try {
			long counted = statsSummary().path("orders").path("placed").asLong() - baseline;
			return accepted.lagNanos(counted, System.nanoTime());
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private JsonNode statsSummary() throws IOException {
		return this.api.expect(200, this.api.get(url(Service.STATS), "/api/stats/summary", CALL_TIMEOUT),
				"Reading the statistics");
	}

	/**
	 * Orders of someone else still waiting for their deadline would be decided during the
	 * run and counted in the statistics beside the benchmark's own.
	 */
	private void awaitNoPendingOrders() {
		try {
			Pause.until("without pending orders", Duration.ofSeconds(90), () -> {
				try {
					return statsSummary().path("orders").path("pending").asLong() == 0;
				}
				catch (IOException | RuntimeException ex) {
					return false;
				}
			});
		}
		catch (IllegalStateException ex) {
			say("orders of an earlier run are still pending; the statistics' check may count them");
		}
	}

	private void awaitQuiet(ConsumerLag lag) {
		if (!tryAwaitQuiet(lag)) {
			throw new IllegalStateException("The system was not quiet (outboxes empty, every consumer group caught up) "
					+ "within " + QUIET_TIMEOUT.toMinutes() + " minutes");
		}
	}

	/**
	 * Waits until every outbox is empty and every consumer group has caught up.
	 * @return whether that happened in time
	 */
	private boolean tryAwaitQuiet(ConsumerLag lag) {
		try {
			Pause.until("quiet", QUIET_TIMEOUT, () -> {
				try {
					return lag.byGroup().values().stream().allMatch((behind) -> behind == 0) && outboxesEmpty();
				}
				catch (RuntimeException ex) {
					return false;
				}
			});
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private boolean outboxesEmpty() {
		return serviceInstances().stream().allMatch((instance) -> Sampler.outboxBacklog(this.api, instance) == 0);
	}

	private Map<String, ProcessUsage.Watched> processes() {
		Map<String, ProcessUsage.Watched> processes = new LinkedHashMap<>();
		watch(processes, "kafka", this.stack::kafkaPid, false);
		watch(processes, "postgresql", this.stack::postgresPid, true);
		for (ServiceProcess instance : this.stack.instances()) {
			processes.put(instance.name(), new ProcessUsage.Watched(instance.pid(), false));
		}
		processes.put("benchmark", new ProcessUsage.Watched(ProcessHandle.current().pid(), false));
		return processes;
	}

	private Map<String, Double> cpuSeconds() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		processes().forEach((name, process) -> seconds.put(name, ProcessUsage.cpuSeconds(process)));
		return seconds;
	}

	/**
	 * @return the share of one core each process used, in %; none for a process that was
	 * restarted in between
	 */
	private static Map<String, Double> cpuPercent(Map<String, Double> before, Map<String, Double> after,
			double seconds) {
		Map<String, Double> percent = new LinkedHashMap<>();
		after.forEach((name, used) -> {
			Double earlier = before.get(name);
			if (earlier != null && used >= earlier && seconds > 0) {
				percent.put(name, (used - earlier) / seconds * 100);
			}
		});
		return percent;
	}

	private static void watch(Map<String, ProcessUsage.Watched> processes, String name, Supplier<Long> pid,
			boolean withDescendants) {
		try {
			processes.put(name, new ProcessUsage.Watched(pid.get(), withDescendants));
		}
		catch (RuntimeException ex) {
			// Being restarted: no figures for this sample.
		}
	}

	private List<URI> serviceInstances() {
		return this.stack.instances()
			.stream()
			.filter((instance) -> instance.service().hasApi())
			.map(ServiceProcess::url)
			.toList();
	}

	private List<URI> orderInstances() {
		return this.stack.instances(Service.ORDER).stream().map(ServiceProcess::url).toList();
	}

	private URI url(Service service) {
		return this.stack.url(service);
	}

	private void say(String line) {
		this.out.println("benchmark | " + line);
	}

	/**
	 * What came of a run.
	 *
	 * @param reportDirectory where the report is
	 * @param ordersPlaced orders the services accepted
	 * @param ordersChecked orders whose decision was checked against the expected one
	 * @param violations invariants that did not hold, empty if all did
	 */
	public record Result(Path reportDirectory, long ordersPlaced, long ordersChecked, List<String> violations) {

		public boolean invariantsHold() {
			return this.violations.isEmpty();
		}

	}

}
