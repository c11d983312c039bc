package dev.olf.localstack.launcher.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What the benchmark does: which rates, for how long each, and where the report goes.
 *
 * @param rates orders per second offered, one step each, in this order
 * @param duration how long each rate is offered
 * @param referenceDuration how long each reference measurement (PostgreSQL commits, Kafka
 * produce) runs
 * @param finalLimit how long after its intended send time an order may take to be decided
 * before it counts as an error
 * @param reportDirectory where the report is written
 * @param rebuild whether to measure the statistics' replay with a projection rebuild
 */
public record BenchmarkOptions(List<Double> rates, Duration duration, Duration referenceDuration, Duration finalLimit,
		Path reportDirectory, boolean rebuild) {

	public static final String USAGE = """
			Benchmark (./run-local --bench [options]): starts the stack, measures, writes a report, stops.
			  --rates R1,R2,...     orders per second offered, one step each (default 50,100,200,400)
			  --duration D          how long each rate runs, e.g. 60s or 2m (default 60s)
			  --reference-duration D
			                        how long each reference (PostgreSQL commits, Kafka produce) runs
			                        (default 10s)
			  --final-limit D       an order not decided this long after its send time is an error
			                        (default 60s)
			  --report-dir DIR      where the report goes (default target/bench/<UTC time>)
			  --no-rebuild          skip the statistics replay (POST /api/admin/projections/rebuild)
			""";

	public BenchmarkOptions {
		rates = List.copyOf(rates);
		if (rates.isEmpty()) {
			throw new IllegalArgumentException("--rates needs at least one rate");
		}
	}

	/**
	 * Splits the command line into the benchmark's options and the launcher's.
	 * @param args the arguments, {@code --bench} among them
	 * @param defaultReportDirectory the report directory unless {@code --report-dir} says
	 * otherwise
	 * @param launcherArgs receives the arguments that are not the benchmark's
	 * @return the benchmark's options
	 * @throws IllegalArgumentException for a bad value, with a message for the user
	 */
	public static BenchmarkOptions parse(String[] args, Path defaultReportDirectory, List<String> launcherArgs) {
		List<Double> rates = List.of(50.0, 100.0, 200.0, 400.0);
		Duration duration = Duration.ofSeconds(60);
		Duration referenceDuration = Duration.ofSeconds(10);
		Duration finalLimit = Duration.ofSeconds(60);
		Path reportDirectory = defaultReportDirectory;
		boolean rebuild = true;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (option) {
				case "--bench" -> {
					continue;
				}
				case "--no-rebuild" -> {
					rebuild = false;
					continue;
				}
				case "--rates" -> rates = rates(option, value);
				case "--duration" -> duration = duration(option, value);
				case "--reference-duration" -> referenceDuration = duration(option, value);
				case "--final-limit" -> finalLimit = duration(option, value);
				case "--report-dir" -> reportDirectory = Path.of(required(option, value));
				default -> {
					launcherArgs.add(option);
					continue;
				}
			}
			i++;
		}
		return new BenchmarkOptions(rates, duration, referenceDuration, finalLimit,
				reportDirectory.toAbsolutePath().normalize(), rebuild);
	}

	private static List<Double> rates(String option, @Nullable String value) {
		List<Double> rates = new ArrayList<>();
		for (String part : required(option, value).split(",")) {
			try {
				double rate = Double.parseDouble(part.trim());
				if (!(rate > 0 && rate <= 10_000)) {
					throw new NumberFormatException();
				}
				rates.add(rate);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(option
						+ " needs orders per second above 0 and at most 10000, separated by commas, not " + value);
			}
		}
		return rates;
	}

	/**
	 * Reads {@code 500ms}, {@code 30s}, {@code 2m} or an ISO-8601 duration.
	 */
	static Duration duration(String option, @Nullable String value) {
		String given = required(option, value).trim().toLowerCase(Locale.ROOT);
		try {
			Duration duration;
			if (given.endsWith("ms")) {
				duration = Duration.ofMillis(Long.parseLong(given.substring(0, given.length() - 2)));
			}
			else if (given.endsWith("s")) {
				duration = Duration
					.ofMillis(Math.round(Double.parseDouble(given.substring(0, given.length() - 1)) * 1000));
			}
			else if (given.endsWith("m") && !given.startsWith("p")) {
				duration = Duration.ofSeconds(Long.parseLong(given.substring(0, given.length() - 1)) * 60);
			}
			else {
				duration = Duration.parse(given.toUpperCase(Locale.ROOT));
			}
			if (duration.isNegative() || duration.isZero()) {
				throw new NumberFormatException();
			}
			return duration;
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw new IllegalArgumentException(option + " needs a duration such as 30s, 500ms or 2m, not " + value);
		}
	}

	private static String required(String option, @Nullable String value) {
		if (value == null) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return value;
	}

}
