package dev.olf.localstack.launcher.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTest {

	private final List<String> launcherArgs = new ArrayList<>();

	@Test
	void readsTheBenchmarksOptionsAndLeavesTheLaunchersAlone() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--kafka-port", "19092", "--bench", "--rates",
				"50,100, 200", "--duration", "30s", "--instances", "order=2", "--reference-duration", "500ms",
				"--final-limit", "2m", "--report-dir", "out", "--no-rebuild" }, Path.of("default"), this.launcherArgs);

		assertThat(options.rates()).containsExactly(50.0, 100.0, 200.0);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.referenceDuration()).isEqualTo(Duration.ofMillis(500));
		assertThat(options.finalLimit()).isEqualTo(Duration.ofMinutes(2));
		assertThat(options.reportDirectory()).isEqualTo(Path.of("out").toAbsolutePath());
		assertThat(options.rebuild()).isFalse();
		assertThat(this.launcherArgs).containsExactly("--kafka-port", "19092", "--instances", "order=2");
	}

	@Test
	void defaultsToFourRatesOfAMinuteEach() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--bench" }, Path.of("reports"),
				this.launcherArgs);

		assertThat(options.rates()).containsExactly(50.0, 100.0, 200.0, 400.0);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
		assertThat(options.reportDirectory()).isEqualTo(Path.of("reports").toAbsolutePath());
		assertThat(options.rebuild()).isTrue();
		assertThat(this.launcherArgs).isEmpty();
	}

	@Test
	void refusesRatesAndDurationsThatAreNot() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> BenchmarkOptions.parse(new String[] { "--rates", "50,fast" }, Path.of("r"), this.launcherArgs))
			.withMessageContaining("--rates needs orders per second");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--rates", "0" }, Path.of("r"), this.launcherArgs))
			.withMessageContaining("above 0");
		assertThatIllegalArgumentException().isThrownBy(
				() -> BenchmarkOptions.parse(new String[] { "--duration", "soon" }, Path.of("r"), this.launcherArgs))
			.withMessageContaining("--duration needs a duration such as 30s");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--duration" }, Path.of("r"), this.launcherArgs))
			.withMessageContaining("--duration needs a value");
	}

}
