package dev.olf.localstack.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.olf.localstack.launcher.bench.Benchmark;
import dev.olf.localstack.launcher.bench.BenchmarkOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the benchmark ({@code ./run-local --bench}) on the shared stack: two low
 * rates for a few seconds. It checks that the tool works end to end (every order checked,
 * the invariants hold, the report is written), not how fast anything is.
 */
class BenchmarkSystemTest {

	@TempDir
	Path reports;

	@Test
	void checksEveryOrderAndTheInvariantsAndWritesTheReport() throws IOException {
		BenchmarkOptions options = new BenchmarkOptions(List.of(4.0, 8.0), Duration.ofSeconds(3),
				Duration.ofMillis(500), Duration.ofSeconds(60), this.reports, true);
		ByteArrayOutputStream console = new ByteArrayOutputStream();

		Benchmark.Result result = Benchmark.run(SystemStack.shared(), options, null,
				new PrintStream(console, true, StandardCharsets.UTF_8));

		assertThat(result.violations()).isEmpty();
		assertThat(result.ordersPlaced()).isEqualTo(4 * 3 + 8 * 3);
		assertThat(result.ordersChecked()).isEqualTo(result.ordersPlaced());
		String markdown = Files.readString(this.reports.resolve("report.md"));
		assertThat(markdown).contains("## Throughput and latency per rate", "| 4 |", "| 8 |",
				"PostgreSQL single-row INSERT commits, 4 clients", "Kafka acks=all idempotent producer", "CPU % kafka",
				"CPU % postgresql", "CPU % order-service-2", "stats lag max (s)", "events/s",
				"Every invariant holds on the 36 orders");
		// Not that there were no errors: on a loaded machine an order may miss the
		// stack's 10 s deadline, which the report counts as an error; that is timing.
		assertThat(markdown).contains("## Errors", "## Statistics replay", "## Idle");
		String html = Files.readString(this.reports.resolve("report.html"));
		assertThat(html).contains("<svg", "<table>", "final p99").doesNotContain("<script", "<link");
		assertThat(this.reports.resolve("latency.svg")).isNotEmptyFile();
		assertThat(this.reports.resolve("throughput.svg")).isNotEmptyFile();
		assertThat(this.reports.resolve("final-8.hgrm")).content().contains("Mean");
		assertThat(this.reports.resolve("samples.csv")).content().startsWith("seconds,cpu_seconds_kafka");
		assertThat(console.toString(StandardCharsets.UTF_8)).contains("Report: " + this.reports.resolve("report.md"));
	}

}
