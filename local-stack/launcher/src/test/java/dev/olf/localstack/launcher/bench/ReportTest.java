package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	@TempDir
	Path directory;

	private final BenchmarkOptions options = new BenchmarkOptions(List.of(50.0, 100.0), Duration.ofSeconds(60),
			Duration.ofSeconds(10), Duration.ofSeconds(60), Path.of("unused"), true);

	@Test
	void tabulatesEachRateWithTheReferencesAsRatios() {
		Report report = report(List.of());

		String markdown = report.markdown();

		assertThat(markdown).contains("| 50 | 49.8 | 3000 | 2700 | 300 | 4.0 | 9.0 | 20.0 | 30.0 | 103 | 250 | 0 |",
				"| 100 | 99.0 | 6000 | 5400 | 600 | 5.0 | 12.0 | 40.0 | 60.0 | 111 | 400 | 2 |",
				"| PostgreSQL single-row INSERT commits, 1 client | 498 |",
				"| 50 | 49.8 | 0.10 | 0.050 | 0.0050 | 0.20 |", "| kafka | 300 |",
				"PSS of the stack at rest before the first request: 1024 MiB (1.00 GiB)",
				"- 100 orders/s: 2 × POST answered 503", "Time to ready: 12.5 s",
				"replayed 60,000 events of the three topics in 10.0 s: **6,000 events/s**",
				"Every invariant holds on the 9000 orders");
	}

	@Test
	void saysWhichInvariantsAreViolated() {
		Report report = report(List.of("MUG-1 reserved is 2, expected 0"));

		assertThat(report.markdown()).contains("**Violated:**", "- MUG-1 reserved is 2, expected 0")
			.doesNotContain("Every invariant holds");
		assertThat(report.html()).contains("<strong>Violated:</strong>", "<li>MUG-1 reserved is 2, expected 0</li>");
	}

	@Test
	void writesSelfContainedHtmlWithChartsAndTheDistributions() throws IOException {
		report(List.of()).write(this.directory);

		String html = Files.readString(this.directory.resolve("report.html"));
		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("<svg", "Throughput: decided orders per second", "final p99", "<th>offered/s</th>",
					"<td>49.8</td>")
			.doesNotContain("<script", "<link", "src=");
		assertThat(this.directory.resolve("latency.svg")).content().startsWith("<svg").contains("<polyline");
		assertThat(this.directory.resolve("throughput.svg")).content().contains(">achieved</text>");
		assertThat(this.directory.resolve("final-100.hgrm")).content().contains("Mean");
		assertThat(this.directory.resolve("post-50.hgrm")).exists();
		assertThat(this.directory.resolve("samples.csv")).content()
			.startsWith("seconds,cpu_seconds_kafka,pss_bytes_kafka,")
			.contains("\n1.0,1.50,314572800,");
	}

	private Report report(List<String> violations) {
		Report.Builder builder = new Report.Builder(Instant.parse("2026-11-24T19:00:00Z"), this.options,
				Duration.ofMillis(12_500));
		Map<String, Long> idlePss = new LinkedHashMap<>();
		idlePss.put("kafka", 300L * 1024 * 1024);
		idlePss.put("order-service", 724L * 1024 * 1024);
		idlePss.put("benchmark", 100L * 1024 * 1024);
		builder.idle(new Sampler.Sample(0, Map.of("kafka", 1.0), idlePss, 0, 0, 0, 0));
		builder.references(new Report.ReferenceFigures(498, 996, 9960, 249));
		builder.step(step(50, 49.8, 3000, Map.of()), histogram(20_000), histogram(4_000));
		builder.step(step(100, 99.0, 6000, Map.of("POST answered 503", 2L)), histogram(40_000), histogram(5_000));
		builder.samples(List.of(sample(0, 0.5), sample(1_000_000_000L, 1.5)));
		builder.invariants(9000, 9000, violations);
		builder.replay(60_000, 10.0, true);
		return builder.build();
	}

	private static Report.StepFigures step(double offered, double achieved, long sent, Map<String, Long> errors) {
		long scale = (long) (offered / 50);
		return new Report.StepFigures(offered, achieved, sent, sent, sent * 9 / 10, sent / 10,
				errors.values().stream().mapToLong(Long::longValue).sum(), errors, 3_000 + 1_000 * scale,
				6_000 + 3_000 * scale, 20_000 * scale, 30_000 * scale, (offered == 50) ? 103_000 : 111_000,
				250_000 + 150_000 * (scale - 1), Map.of("kafka", 12.0), 1024L * 1024 * 1024, 10, 20, 5, 0.5, 1.0);
	}

	private static Sampler.Sample sample(long time, double kafkaCpu) {
		return new Sampler.Sample(time, Map.of("kafka", kafkaCpu), Map.of("kafka", 300L * 1024 * 1024), 3, 4, 5, 0.2);
	}

	private static Histogram histogram(long micros) {
		Histogram histogram = new Histogram(3_600_000_000L, 3);
		histogram.recordValue(micros);
		return histogram;
	}

}
