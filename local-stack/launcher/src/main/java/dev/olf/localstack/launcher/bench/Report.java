package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's report: a Markdown file with the tables, a self-contained HTML page
 * with the same tables and the charts as inline SVG (nothing loaded from elsewhere), the
 * charts as SVG files too, each rate's latency distributions as HdrHistogram percentile
 * files, and every sample as CSV.
 */
final class Report {

	static final String MARKDOWN = "report.md";

	static final String HTML = "report.html";

	private static final double MIB = 1024 * 1024;

	private final Instant started;

	private final Instant finished;

	private final BenchmarkOptions options;

	private final @Nullable Duration timeToReady;

	private final Sampler.@Nullable Sample idle;

	private final @Nullable ReferenceFigures references;

	private final List<StepFigures> steps;

	private final List<Histograms> histograms;

	private final List<Sampler.Sample> samples;

	private final long ordersPlaced;

	private final long ordersListed;

	private final List<String> violations;

	private final @Nullable ReplayFigures replay;

	private final Machine machine;

	private Report(Builder builder) {
		this.started = builder.started;
		this.finished = Instant.now();
		this.options = builder.options;
		this.timeToReady = builder.timeToReady;
		this.idle = builder.idle;
		this.references = builder.references;
		this.steps = List.copyOf(builder.steps);
		this.histograms = List.copyOf(builder.histograms);
		this.samples = List.copyOf(builder.samples);
		this.ordersPlaced = builder.ordersPlaced;
		this.ordersListed = builder.ordersListed;
		this.violations = List.copyOf(builder.violations);
		this.replay = builder.replay;
		this.machine = new Machine(builder.loadAtStart, Machine.loadAverage());
	}

	long ordersPlaced() {
		return this.ordersPlaced;
	}

	long ordersChecked() {
		return this.steps.stream().mapToLong(StepFigures::checked).sum();
	}

	List<String> violations() {
		return this.violations;
	}

	/**
	 * Writes every file of the report.
	 * @param directory where
	 * @return the directory
	 */
	Path write(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve(HTML), html(), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve("throughput.svg"), throughputChart(), StandardCharsets.UTF_8);
			Files.writeString(directory.resolve("latency.svg"), latencyChart(), StandardCharsets.UTF_8);
			for (Histograms histogram : this.histograms) {
				writeDistribution(directory.resolve("post-" + number(histogram.rate()) + ".hgrm"), histogram.post());
				writeDistribution(directory.resolve("final-" + number(histogram.rate()) + ".hgrm"),
						histogram.decided());
			}
			Files.writeString(directory.resolve("samples.csv"), csv(), StandardCharsets.UTF_8);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the report to " + directory, ex);
		}
	}

	private static void writeDistribution(Path file, Histogram histogram) throws IOException {
		try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
			// Recorded in microseconds; the file shows milliseconds.
			histogram.outputPercentileDistribution(out, 1000.0);
		}
	}

	// Markdown

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Saga benchmark\n\n");
		md.append(context());
		md.append(markdownSummary());
		md.append("\n## Resources per rate\n\n");
		md.append(table(resourceHeader(), resourceRows()));
		md.append("\nCPU is the share of one core (100 % = one core) from the first order of a rate to its "
				+ "last decision; PostgreSQL's includes its back-ends. PSS is the "
				+ "largest total proportional set size of all processes of the stack during the rate. Outbox "
				+ "backlog is summed over every service instance; consumer lag is the largest of any consumer "
				+ "group; the statistics' lag is in records and in time (how long ago the oldest order they had "
				+ "not counted yet was accepted).\n");
		md.append("\n## References on the same servers\n\n");
		md.append(table(List.of("reference", "per second"), referenceRows()));
		md.append("\n").append(table(ratioHeader(), ratioRows()));
		md.append("\n## Idle\n\n");
		md.append(idleText());
		if (this.replay != null) {
			md.append("\n## Statistics replay\n\n").append(this.replay.text()).append("\n");
		}
		md.append("\n## Errors\n\n").append(errorsText());
		md.append("\n## Invariants\n\n").append(invariantsText());
		return md.toString();
	}

	/**
	 * @return the main table, and what was checked
	 */
	String markdownSummary() {
		StringBuilder md = new StringBuilder();
		md.append("## Throughput and latency per rate\n\n");
		md.append(table(latencyHeader(), latencyRows()));
		md.append("\nLatencies in milliseconds, measured from the moment each order was due (open loop), so a "
				+ "stall shows as latency. POST: until `202 Accepted`; final: until the long poll "
				+ "(`?waitFor=final`) brought the saga's decision. Achieved: decided orders per second, from the "
				+ "start of the rate to its last decision.\n\n");
		md.append("Orders accepted (202 seen): %d; checked against the expected outcome: %d; invariants: %s.\n"
			.formatted(this.ordersPlaced, ordersChecked(),
					this.violations.isEmpty() ? "hold" : this.violations.size() + " violated"));
		if (this.ordersListed > this.ordersPlaced) {
			md.append(
					"The order service holds %d more orders of the benchmark's customers whose `202` never reached the client (its POST timed out); the invariants count them too.\n"
						.formatted(this.ordersListed - this.ordersPlaced));
		}
		return md.toString();
	}

	private String context() {
		StringBuilder md = new StringBuilder();
		DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
		md.append("- Date: ")
			.append(time.format(this.started))
			.append(" to ")
			.append(time.format(this.finished))
			.append("\n");
		md.append("- Machine: ").append(this.machine.describe()).append("\n");
		md.append("- Rates: ")
			.append(String.join(", ", this.steps.stream().map((step) -> number(step.offered())).toList()))
			.append(" orders/s, ")
			.append(seconds(this.options.duration()))
			.append(" s each; references ")
			.append(seconds(this.options.referenceDuration()))
			.append(" s each; an order not decided ")
			.append(seconds(this.options.finalLimit()))
			.append(" s after it was due is an error\n");
		md.append("- Workload: one-line orders from ")
			.append(Workload.CUSTOMERS)
			.append(" customers over ")
			.append(Workload.PRODUCTS)
			.append(" products; one in 20 from a customer without credit (must be rejected for credit), one in "
					+ "20 for a product out of stock (must be rejected for stock), all others must be confirmed\n");
		if (this.timeToReady != null) {
			md.append("- Time to ready: %.1f s from the launch until Kafka, PostgreSQL and every service were ready\n"
				.formatted(this.timeToReady.toMillis() / 1000.0));
		}
		md.append("\n");
		return md.toString();
	}

	private static List<String> latencyHeader() {
		return List.of("offered/s", "achieved/s", "orders", "confirmed", "rejected", "POST p50", "POST p99",
				"final p50", "final p90", "final p99", "final max", "errors");
	}

	private List<List<String>> latencyRows() {
		return this.steps.stream()
			.map((step) -> List.of(number(step.offered()), decimal(step.achieved()), Long.toString(step.sent()),
					Long.toString(step.confirmed()), Long.toString(step.rejected()), millis(step.postP50()),
					millis(step.postP99()), millis(step.finalP50()), millis(step.finalP90()), millis(step.finalP99()),
					millis(step.finalMax()), Long.toString(step.errors())))
			.toList();
	}

	private List<String> processNames() {
		Set<String> names = new LinkedHashSet<>();
		this.steps.forEach((step) -> names.addAll(step.cpuPercent().keySet()));
		return List.copyOf(names);
	}

	private List<String> resourceHeader() {
		List<String> header = new ArrayList<>(List.of("offered/s"));
		processNames().forEach((name) -> header.add("CPU % " + name));
		header.addAll(List.of("PSS max (MiB)", "outbox backlog max", "consumer lag max", "stats lag max (records)",
				"stats lag max (s)", "quiet after (s)"));
		return header;
	}

	private List<List<String>> resourceRows() {
		List<List<String>> rows = new ArrayList<>();
		for (StepFigures step : this.steps) {
			List<String> row = new ArrayList<>(List.of(number(step.offered())));
			processNames().forEach((name) -> {
				Double percent = step.cpuPercent().get(name);
				row.add((percent != null) ? "%.0f".formatted(percent) : "");
			});
			row.addAll(List.of("%.0f".formatted(step.pssMaxBytes() / MIB), Long.toString(step.maxBacklog()),
					Long.toString(step.maxLag()), Long.toString(step.maxStatsLag()),
					"%.1f".formatted(step.maxStatsLagSeconds()),
					(step.quietAfterSeconds() >= 0) ? "%.1f".formatted(step.quietAfterSeconds()) : "not quiet"));
			rows.add(row);
		}
		return rows;
	}

	private List<List<String>> referenceRows() {
		if (this.references == null) {
			return List.of();
		}
		ReferenceFigures r = this.references;
		return List.of(List.of("PostgreSQL single-row INSERT commits, 1 client", decimal(r.postgresOneClient())),
				List.of("PostgreSQL single-row INSERT commits, 4 clients", decimal(r.postgresFourClients())),
				List.of("Kafka acks=all idempotent producer, " + References.RECORD_SIZE + " B records, batched",
						decimal(r.kafkaBatched())),
				List.of("Kafka acks=all idempotent producer, " + References.RECORD_SIZE + " B records, one at a time",
						decimal(r.kafkaOneAtATime())));
	}

	private static List<String> ratioHeader() {
		return List.of("offered/s", "achieved/s", "÷ PG commits (1 client)", "÷ PG commits (4 clients)",
				"÷ Kafka records batched", "÷ Kafka records one at a time");
	}

	private List<List<String>> ratioRows() {
		if (this.references == null) {
			return List.of();
		}
		ReferenceFigures r = this.references;
		return this.steps.stream()
			.map((step) -> List.of(number(step.offered()), decimal(step.achieved()),
					ratio(step.achieved(), r.postgresOneClient()), ratio(step.achieved(), r.postgresFourClients()),
					ratio(step.achieved(), r.kafkaBatched()), ratio(step.achieved(), r.kafkaOneAtATime())))
			.toList();
	}

	private String idleText() {
		if (this.idle == null) {
			return "Not measured.\n";
		}
		long total = this.idle.pss().values().stream().mapToLong(Long::longValue).sum();
		long stack = total - this.idle.pss().getOrDefault("benchmark", 0L);
		StringBuilder md = new StringBuilder();
		md.append(
				"PSS of the stack at rest before the first request: %.0f MiB (%.2f GiB) without the benchmark's own JVM.\n\n"
					.formatted(stack / MIB, stack / MIB / 1024));
		List<List<String>> rows = new ArrayList<>();
		this.idle.pss().forEach((name, bytes) -> rows.add(List.of(name, "%.0f".formatted(bytes / MIB))));
		md.append(table(List.of("process", "PSS (MiB)"), rows));
		return md.toString();
	}

	private String errorsText() {
		StringBuilder md = new StringBuilder();
		for (StepFigures step : this.steps) {
			step.errorsByKind()
				.forEach((kind, count) -> md
					.append("- %s orders/s: %d × %s\n".formatted(number(step.offered()), count, kind)));
		}
		return md.isEmpty() ? "None.\n" : md.toString();
	}

	private String invariantsText() {
		if (this.violations.isEmpty()) {
			return "Every invariant holds on the %d orders, %d customers and %d products of this run: every order decided as listed, stock and credit neither reserved nor created nor lost, and the statistics counted exactly these orders.\n"
				.formatted(Math.max(this.ordersPlaced, this.ordersListed), Workload.CUSTOMERS + 1,
						Workload.PRODUCTS + 1);
		}
		StringBuilder md = new StringBuilder("**Violated:**\n\n");
		this.violations.stream().limit(50).forEach((violation) -> md.append("- ").append(violation).append("\n"));
		if (this.violations.size() > 50) {
			md.append("- ... and ").append(this.violations.size() - 50).append(" more\n");
		}
		return md.toString();
	}

	private static String table(List<String> header, List<List<String>> rows) {
		StringBuilder md = new StringBuilder();
		md.append("| ").append(String.join(" | ", header)).append(" |\n");
		md.append("| --- |").append(" ---: |".repeat(header.size() - 1)).append("\n");
		rows.forEach((row) -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
		return md.toString();
	}

	// HTML and charts

	String html() {
		StringBuilder html = new StringBuilder();
		html.append("""
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><title>Saga benchmark</title>
				<style>
				body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
				table { border-collapse: collapse; margin: 1em 0; }
				th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
				th { background: #f4f4f4; }
				td:first-child, th:first-child { text-align: left; }
				svg { margin: 1em 1em 1em 0; }
				</style></head><body>
				""");
		String markdown = markdown();
		html.append(throughputChart()).append(latencyChart());
		html.append(markdownToHtml(markdown));
		html.append("</body></html>\n");
		return html.toString();
	}

	/**
	 * Just enough Markdown for this report: headings, bullet lists, tables, paragraphs.
	 */
	private static String markdownToHtml(String markdown) {
		StringBuilder html = new StringBuilder();
		boolean inTable = false;
		boolean inList = false;
		for (String line : markdown.split("\n")) {
			String escaped = escape(line).replaceAll("`([^`]*)`", "<code>$1</code>")
				.replaceAll("\\*\\*([^*]*)\\*\\*", "<strong>$1</strong>");
			if (inTable && !line.startsWith("|")) {
				html.append("</table>\n");
				inTable = false;
			}
			if (inList && !line.startsWith("- ")) {
				html.append("</ul>\n");
				inList = false;
			}
			if (line.startsWith("# ")) {
				html.append("<h1>").append(escaped.substring(2)).append("</h1>\n");
			}
			else if (line.startsWith("## ")) {
				html.append("<h2>").append(escaped.substring(3)).append("</h2>\n");
			}
			else if (line.startsWith("|")) {
				if (line.contains("---")) {
					continue;
				}
				String[] cells = escaped.substring(1, escaped.length() - 1).split("\\|");
				String tag = inTable ? "td" : "th";
				if (!inTable) {
					html.append("<table>\n");
					inTable = true;
				}
				html.append("<tr>");
				for (String cell : cells) {
					html.append("<").append(tag).append(">").append(cell.trim()).append("</").append(tag).append(">");
				}
				html.append("</tr>\n");
			}
			else if (line.startsWith("- ")) {
				if (!inList) {
					html.append("<ul>\n");
					inList = true;
				}
				html.append("<li>").append(escaped.substring(2)).append("</li>\n");
			}
			else if (!line.isBlank()) {
				html.append("<p>").append(escaped).append("</p>\n");
			}
		}
		if (inTable) {
			html.append("</table>\n");
		}
		if (inList) {
			html.append("</ul>\n");
		}
		return html.toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	String throughputChart() {
		Chart chart = new Chart("Throughput: decided orders per second", "orders/s", false);
		chart.series("offered", "#999999", StepFigures::offered, true);
		chart.series("achieved", "#1f77b4", StepFigures::achieved, false);
		return chart.svg(this.steps);
	}

	String latencyChart() {
		Chart chart = new Chart("Latency from due time (ms, log scale)", "ms", true);
		chart.series("POST p50", "#aec7e8", (step) -> step.postP50() / 1000.0, false);
		chart.series("POST p99", "#1f77b4", (step) -> step.postP99() / 1000.0, false);
		chart.series("final p50", "#98df8a", (step) -> step.finalP50() / 1000.0, false);
		chart.series("final p90", "#ffbb78", (step) -> step.finalP90() / 1000.0, false);
		chart.series("final p99", "#ff7f0e", (step) -> step.finalP99() / 1000.0, false);
		chart.series("final max", "#d62728", (step) -> step.finalMax() / 1000.0, false);
		return chart.svg(this.steps);
	}

	private String csv() {
		StringBuilder csv = new StringBuilder();
		List<String> names = new ArrayList<>();
		this.samples.forEach((sample) -> sample.cpuSeconds()
			.keySet()
			.stream()
			.filter((name) -> !names.contains(name))
			.forEach(names::add));
		csv.append("seconds");
		names.forEach((name) -> csv.append(",cpu_seconds_").append(name).append(",pss_bytes_").append(name));
		csv.append(",outbox_backlog,max_consumer_lag,stats_lag_records,stats_lag_seconds\n");
		long first = this.samples.isEmpty() ? 0 : this.samples.getFirst().time();
		for (Sampler.Sample sample : this.samples) {
			csv.append(String.format(Locale.ROOT, "%.1f", (sample.time() - first) / 1e9));
			for (String name : names) {
				Double cpu = sample.cpuSeconds().get(name);
				Long pss = sample.pss().get(name);
				csv.append(",").append((cpu != null) ? String.format(Locale.ROOT, "%.2f", cpu) : "");
				csv.append(",").append((pss != null) ? pss.toString() : "");
			}
			csv.append(String.format(Locale.ROOT, ",%d,%d,%d,%.1f%n", sample.outboxBacklog(), sample.maxConsumerLag(),
					sample.statsLag(), sample.statsLagSeconds()));
		}
		return csv.toString();
	}

	// Formatting

	private static String seconds(Duration duration) {
		return number(duration.toMillis() / 1000.0);
	}

	static String number(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String decimal(double value) {
		return String.format(Locale.ROOT, (value >= 100) ? "%,.0f" : "%.1f", value);
	}

	private static String millis(long micros) {
		double ms = micros / 1000.0;
		return String.format(Locale.ROOT, (ms >= 100) ? "%,.0f" : "%.1f", ms);
	}

	private static String ratio(double saga, double reference) {
		return (reference > 0) ? String.format(Locale.ROOT, "%.2g", saga / reference) : "";
	}

	/**
	 * The figures of one rate.
	 *
	 * @param offered orders per second offered
	 * @param achieved decided orders per second
	 * @param sent orders sent
	 * @param checked orders whose decision was checked
	 * @param confirmed orders confirmed
	 * @param rejected orders rejected
	 * @param errors errors of every kind
	 * @param errorsByKind errors by kind
	 * @param postP50 POST latency, median, microseconds
	 * @param postP99 POST latency, 99th percentile
	 * @param finalP50 latency to the decision, median
	 * @param finalP90 latency to the decision, 90th percentile
	 * @param finalP99 latency to the decision, 99th percentile
	 * @param finalMax latency to the decision, largest
	 * @param cpuPercent CPU of each process, in % of one core
	 * @param pssMaxBytes the largest total PSS
	 * @param maxBacklog the largest outbox backlog
	 * @param maxLag the largest consumer lag
	 * @param maxStatsLag the statistics' largest lag in records
	 * @param maxStatsLagSeconds the statistics' largest lag in time
	 * @param quietAfterSeconds how long after the last decision the system was quiet, -1
	 * if it was not within the limit
	 */
	record StepFigures(double offered, double achieved, long sent, long checked, long confirmed, long rejected,
			long errors, Map<String, Long> errorsByKind, long postP50, long postP99, long finalP50, long finalP90,
			long finalP99, long finalMax, Map<String, Double> cpuPercent, long pssMaxBytes, long maxBacklog,
			long maxLag, long maxStatsLag, double maxStatsLagSeconds, double quietAfterSeconds) {

		static StepFigures of(OpenLoopStep step, List<Sampler.Sample> window, Map<String, Double> cpuPercent,
				double quietAfterSeconds) {
			return new StepFigures(step.rate, step.achieved(), step.sent.get(), step.checked.get(),
					step.confirmed.get(), step.rejected.get(), step.errorCount(), step.errorsByKind(),
					step.post.getValueAtPercentile(50), step.post.getValueAtPercentile(99),
					step.decided.getValueAtPercentile(50), step.decided.getValueAtPercentile(90),
					step.decided.getValueAtPercentile(99), step.decided.getMaxValue(), new LinkedHashMap<>(cpuPercent),
					window.stream()
						.mapToLong((sample) -> sample.pss().values().stream().mapToLong(Long::longValue).sum()
								- sample.pss().getOrDefault("benchmark", 0L))
						.max()
						.orElse(0),
					window.stream().mapToLong(Sampler.Sample::outboxBacklog).max().orElse(0),
					window.stream().mapToLong(Sampler.Sample::maxConsumerLag).max().orElse(0),
					window.stream().mapToLong(Sampler.Sample::statsLag).max().orElse(0),
					window.stream().mapToDouble(Sampler.Sample::statsLagSeconds).max().orElse(0), quietAfterSeconds);
		}

		String oneLine() {
			return String.format(Locale.ROOT,
					"%s orders/s offered, %.1f achieved; POST p50 %s p99 %s ms; final p50 %s p90 %s p99 %s max %s ms; %d errors",
					number(this.offered), this.achieved, millis(this.postP50), millis(this.postP99),
					millis(this.finalP50), millis(this.finalP90), millis(this.finalP99), millis(this.finalMax),
					this.errors);
		}

	}

	record ReferenceFigures(double postgresOneClient, double postgresFourClients, double kafkaBatched,
			double kafkaOneAtATime) {
	}

	record ReplayFigures(long events, double seconds, boolean reproduced) {

		String text() {
			return String.format(Locale.ROOT,
					"`POST /api/admin/projections/rebuild` replayed %,d events of the three topics in %.1f s: **%,.0f events/s**, "
							+ "timed until the statistics' consumer group had caught up and the figures were %s.",
					this.events, this.seconds, this.events / this.seconds,
					this.reproduced ? "back exactly as before" : "NOT back as before within 30 minutes");
		}

	}

	private record Histograms(double rate, Histogram post, Histogram decided) {
	}

	/**
	 * Where the benchmark ran.
	 */
	private record Machine(String loadAtStart, String loadAtEnd) {

		static String loadAverage() {
			try {
				String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
				return fields[0] + " " + fields[1] + " " + fields[2];
			}
			catch (IOException | RuntimeException ex) {
				return "unknown";
			}
		}

		String describe() {
			return "%d cores, %s memory, %s %s, Java %s (%s); load average (1, 5, 15 min) %s at the start, %s at the end"
				.formatted(Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("os.name"),
						System.getProperty("os.version"), System.getProperty("java.version"),
						System.getProperty("java.vm.name"), this.loadAtStart, this.loadAtEnd);
		}

		private static String memory() {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
					if (line.startsWith("MemTotal:")) {
						return String.format(Locale.ROOT, "%.1f GiB",
								Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Not Linux.
			}
			return "unknown";
		}

	}

	/**
	 * A line chart over the rates, as SVG.
	 */
	private static final class Chart {

		private static final int WIDTH = 640;

		private static final int HEIGHT = 360;

		private static final int LEFT = 70;

		private static final int RIGHT = 150;

		private static final int TOP = 40;

		private static final int BOTTOM = 50;

		private final String title;

		private final String unit;

		private final boolean logarithmic;

		private final List<Series> series = new ArrayList<>();

		Chart(String title, String unit, boolean logarithmic) {
			this.title = title;
			this.unit = unit;
			this.logarithmic = logarithmic;
		}

		void series(String name, String colour, ToDoubleFunction<StepFigures> value, boolean dashed) {
			this.series.add(new Series(name, colour, value, dashed));
		}

		String svg(List<StepFigures> steps) {
			StringBuilder svg = new StringBuilder();
			svg.append(String.format(Locale.ROOT,
					"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
							+ "font-family=\"sans-serif\" font-size=\"12\">%n",
					WIDTH, HEIGHT, WIDTH, HEIGHT));
			svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
			svg.append(text(LEFT, 22, escape(this.title), "start", 15));
			double max = 0;
			double min = Double.MAX_VALUE;
			for (Series line : this.series) {
				for (StepFigures step : steps) {
					double value = line.value().applyAsDouble(step);
					max = Math.max(max, value);
					if (value > 0) {
						min = Math.min(min, value);
					}
				}
			}
			double low;
			double high;
			if (this.logarithmic) {
				low = Math.pow(10, Math.floor(Math.log10((min == Double.MAX_VALUE) ? 1 : min)));
				high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10))));
			}
			else {
				low = 0;
				high = niceCeiling(Math.max(max, 1) * 1.05);
			}
			int plotWidth = WIDTH - LEFT - RIGHT;
			int plotHeight = HEIGHT - TOP - BOTTOM;
			// Axes, grid and labels.
			List<Double> ticks = new ArrayList<>();
			if (this.logarithmic) {
				for (double tick = low; tick <= high * 1.0001; tick *= 10) {
					ticks.add(tick);
				}
			}
			else {
				for (int i = 0; i <= 5; i++) {
					ticks.add(high * i / 5);
				}
			}
			for (double tick : ticks) {
				double y = y(tick, low, high, plotHeight);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", LEFT, y,
						LEFT + plotWidth, y));
				svg.append(text(LEFT - 6, y + 4, label(tick), "end", 12));
			}
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", LEFT, TOP,
					plotWidth, plotHeight));
			for (int i = 0; i < steps.size(); i++) {
				double x = x(i, steps.size(), plotWidth);
				svg.append(text(x, TOP + plotHeight + 18, number(steps.get(i).offered()), "middle", 12));
			}
			svg.append(text(LEFT + plotWidth / 2.0, HEIGHT - 10, "orders/s offered", "middle", 12));
			svg.append(String.format(Locale.ROOT,
					"<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
					TOP + plotHeight / 2.0, TOP + plotHeight / 2.0, escape(this.unit)));
			// Lines and legend.
			int legend = 0;
			for (Series line : this.series) {
				StringBuilder points = new StringBuilder();
				for (int i = 0; i < steps.size(); i++) {
					double value = Math.max(line.value().applyAsDouble(steps.get(i)), this.logarithmic ? low : 0);
					double x = x(i, steps.size(), plotWidth);
					double y = y(value, low, high, plotHeight);
					points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
					svg.append(String.format(Locale.ROOT,
							"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s</title></circle>%n", x,
							y, line.colour(), escape(line.name()), label(line.value().applyAsDouble(steps.get(i)))));
				}
				svg.append(String.format(Locale.ROOT,
						"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
						points.toString().trim(), line.colour(), line.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
				double ly = TOP + 10 + legend * 20;
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
						LEFT + plotWidth + 12, ly, LEFT + plotWidth + 34, ly, line.colour(),
						line.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
				svg.append(text(LEFT + plotWidth + 40, ly + 4, escape(line.name()), "start", 12));
				legend++;
			}
			svg.append("</svg>\n");
			return svg.toString();
		}

		private double y(double value, double low, double high, int plotHeight) {
			double share = this.logarithmic
					? (Math.log10(Math.max(value, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
					: (value - low) / (high - low);
			return TOP + plotHeight * (1 - share);
		}

		private static double x(int index, int count, int plotWidth) {
			return (count == 1) ? LEFT + plotWidth / 2.0 : LEFT + 20 + (plotWidth - 40) * index / (double) (count - 1);
		}

		private static double niceCeiling(double value) {
			double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
			for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
				if (step * magnitude >= value) {
					return step * magnitude;
				}
			}
			return 10 * magnitude;
		}

		private static String label(double value) {
			if (value >= 1000) {
				return String.format(Locale.ROOT, "%,.0f", value);
			}
			return (value >= 10 || value == 0) ? String.format(Locale.ROOT, "%.0f", value)
					: String.format(Locale.ROOT, "%.2g", value);
		}

		private static String text(double x, double y, String content, String anchor, int size) {
			return String.format(Locale.ROOT,
					"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", x, y, anchor, size,
					content);
		}

		private record Series(String name, String colour, ToDoubleFunction<StepFigures> value, boolean dashed) {
		}

	}

	/**
	 * Collects the figures while the benchmark runs.
	 */
	static final class Builder {

		private final Instant started;

		private final BenchmarkOptions options;

		private final @Nullable Duration timeToReady;

		private final String loadAtStart = Machine.loadAverage();

		private Sampler.@Nullable Sample idle;

		private @Nullable ReferenceFigures references;

		private final List<StepFigures> steps = new ArrayList<>();

		private final List<Histograms> histograms = new ArrayList<>();

		private List<Sampler.Sample> samples = List.of();

		private long ordersPlaced;

		private long ordersListed;

		private List<String> violations = List.of();

		private @Nullable ReplayFigures replay;

		Builder(Instant started, BenchmarkOptions options, @Nullable Duration timeToReady) {
			this.started = started;
			this.options = options;
			this.timeToReady = timeToReady;
		}

		void idle(Sampler.Sample sample) {
			this.idle = sample;
		}

		void references(ReferenceFigures figures) {
			this.references = figures;
		}

		void step(StepFigures figures, Histogram post, Histogram decided) {
			this.steps.add(figures);
			this.histograms.add(new Histograms(figures.offered(), post, decided));
		}

		void samples(List<Sampler.Sample> samples) {
			this.samples = List.copyOf(samples);
		}

		void invariants(long ordersPlaced, long ordersListed, List<String> violations) {
			this.ordersPlaced = ordersPlaced;
			this.ordersListed = ordersListed;
			this.violations = List.copyOf(violations);
		}

		void replay(long events, double seconds, boolean reproduced) {
			this.replay = new ReplayFigures(events, seconds, reproduced);
			if (!reproduced) {
				List<String> all = new ArrayList<>(this.violations);
				all.add("the statistics did not come back the same after a rebuild");
				this.violations = List.copyOf(all);
			}
		}

		Report build() {
			return new Report(this);
		}

	}

}
