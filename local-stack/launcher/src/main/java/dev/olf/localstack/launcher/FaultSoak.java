package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code ./run-local --soak}: the fault injection test's run, longer. Starts a stack of
 * its own (a temporary directory, free ports, two order services, the saga's real 30 s
 * deadline), sends a steady load through rounds of every fault until the number of orders
 * was accepted, audits the quiet system and prints the table, which also goes to a file.
 */
final class FaultSoak {

	static final String USAGE = """
			Usage: local-stack --soak [--orders N] [--rate R] [--max-minutes M] [--report FILE]
			  --orders N       accepted orders to reach, in rounds of every fault (default 10000)
			  --rate R         orders per second (default 10)
			  --max-minutes M  inject no further fault after M minutes, however few orders (default none)
			  --report FILE    where the table goes (default soak-report.md)
			""";

	private FaultSoak() {
	}

	/**
	 * @param args the command line, {@code --soak} first
	 * @param out where progress and the table go
	 * @return the exit code: 0 if the audit found nothing wrong
	 */
	static int run(String[] args, PrintStream out) {
		long orders = 10_000;
		double rate = 10;
		Path report = Path.of("soak-report.md");
		Duration limit = null;
		for (int i = 1; i < args.length; i++) {
			if ("--help".equals(args[i])) {
				out.print(USAGE);
				return 0;
			}
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			if (value == null) {
				throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
			}
			switch (args[i]) {
				case "--orders" -> orders = Long.parseLong(value);
				case "--rate" -> rate = Double.parseDouble(value);
				case "--report" -> report = Path.of(value);
				case "--max-minutes" -> limit = Duration.ofMinutes(Long.parseLong(value));
				default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
			}
			i++;
		}
		out.printf(Locale.ROOT, "faults    | starting a stack of its own for %d orders at %.1f per second%n", orders,
				rate);
		Instant began = Instant.now();
		Path data;
		int exitCode;
		try (LocalStack stack = FaultRun.startStack(null, null)) {
			data = stack.options().dataDirectory();
			out.println("faults    | stack ready; logs in " + data.resolve("logs"));
			FaultRun.Result result = new FaultRun(stack, Duration.ofSeconds(30), rate, out).run(orders, limit);
			String text = String.format(Locale.ROOT,
					"Soak started %s: %d orders at %.1f per second requested%s, saga deadline 30 s.%n%n%s",
					began.truncatedTo(ChronoUnit.SECONDS), orders, rate,
					(limit != null) ? ", faults for at most " + limit.toMinutes() + " min" : "", result.table());
			out.println();
			out.println(text);
			Files.writeString(report, text);
			out.println("faults    | written to " + report.toAbsolutePath());
			exitCode = result.findings().problems().isEmpty() ? 0 : 2;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		FaultRun.discardData(data);
		out.println("faults    | Kafka's and PostgreSQL's data deleted; logs kept in " + data.resolve("logs"));
		return exitCode;
	}

}
