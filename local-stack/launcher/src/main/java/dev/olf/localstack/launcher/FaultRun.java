package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import dev.olf.localstack.PortCheck;

import static org.awaitility.Awaitility.await;

/**
 * A steady mixed load of orders while every fault of {@link FaultInjector.Fault} happens,
 * one after another, in rounds; then an exact audit of the quiet system. The fault
 * injection test runs one round in CI; {@code ./run-local --soak} runs as many as it
 * takes to reach its number of orders.
 */
final class FaultRun {

	/** Waiting for the last orders and events after the load stopped. */
	private static final Duration QUIET = Duration.ofMinutes(4);

	private final LocalStack stack;

	private final Duration deadline;

	private final double rate;

	private final PrintStream out;

	/**
	 * @param stack a stack of its own, which the faults may disturb
	 * @param deadline the order saga's deadline in it
	 * @param rate orders per second
	 * @param out where progress goes
	 */
	FaultRun(LocalStack stack, Duration deadline, double rate, PrintStream out) {
		this.stack = stack;
		this.deadline = deadline;
		this.rate = rate;
		this.out = out;
	}

	/**
	 * Starts a stack for fault runs, as the launcher does but in a new temporary
	 * directory on free ports: two order services, one of each other service.
	 * @param deadline the order saga's deadline
	 * @param console where the stack's output goes, or {@code null}
	 * @return the running stack
	 */
	static LocalStack startStack(@Nullable Duration deadline, @Nullable PrintStream console) {
		try {
			Path data = Files.createTempDirectory("olf-faults");
			Map<Service, Integer> ports = new EnumMap<>(Service.class);
			for (Service service : Service.values()) {
				ports.put(service, freePortWithAFreeSecond());
			}
			Map<Service, List<String>> arguments = (deadline != null)
					? Map.of(Service.ORDER, List.of("--olf.orders.deadline=" + deadline)) : Map.of();
			LaunchOptions options = new LaunchOptions(data, RepositoryRoot.find(), PortCheck.freePort(),
					PortCheck.freePort(), ports, Map.of(Service.ORDER, 2), LaunchOptions.DEFAULT_INSTANCE_PORT_STEP,
					LaunchOptions.defaultJvmOptions(), arguments, 0);
			return LocalStack.start(options, console);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Deletes what a stopped fault stack's Kafka and PostgreSQL kept, some 150 MB a run,
	 * and keeps its logs, which are what someone looks at after a finding.
	 * @param dataDirectory the stack's data directory
	 */
	static void discardData(Path dataDirectory) {
		for (String server : List.of("kafka", "postgres")) {
			Path directory = dataDirectory.resolve(server);
			if (!Files.exists(directory)) {
				continue;
			}
			try (var paths = Files.walk(directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not delete " + directory, ex);
			}
		}
	}

	private static int freePortWithAFreeSecond() {
		while (true) {
			int port = PortCheck.freePort();
			int second = port + LaunchOptions.DEFAULT_INSTANCE_PORT_STEP;
			if (second <= 65535 && PortCheck.isFree(second)) {
				return port;
			}
		}
	}

	/**
	 * Runs rounds of every fault until at least the given number of orders was accepted,
	 * then stops the load, waits until the system is quiet and audits it.
	 * @param orders accepted orders to reach; 0 for one round
	 * @return the figures per fault and what the audit found
	 */
	Result run(long orders) {
		return run(orders, null);
	}

	/**
	 * Runs rounds of every fault until at least the given number of orders was accepted
	 * or the time is up, whichever comes first, then stops the load, waits until the
	 * system is quiet and audits it.
	 * @param orders accepted orders to reach; 0 for one round
	 * @param limit when to stop injecting faults even if fewer orders were accepted, or
	 * {@code null} for no limit
	 * @return the figures per fault and what the audit found
	 */
	Result run(long orders, @Nullable Duration limit) {
		StackHttp http = new StackHttp(this.stack);
		StackDatabase database = new StackDatabase(this.stack);
		OrderLedger ledger = new OrderLedger();
		FaultInjector injector = new FaultInjector(this.stack, http, database, ledger, this.deadline);
		SystemAudit audit = new SystemAudit(this.stack, database);
		Map<String, Integer> injected = new LinkedHashMap<>();
		Instant began = Instant.now();
		try (OrderLoad load = new OrderLoad(http, ledger, this.rate)) {
			load.setUp();
			injected.put(NO_FAULT, 0);
			load.phase(NO_FAULT);
			load.start();
			long baseline = Math.max(10, Math.round(this.rate * 5));
			await().atMost(Duration.ofMinutes(2)).until(() -> ledger.accepted() >= baseline);
			Instant stopAt = (limit != null) ? began.plus(limit) : Instant.MAX;
			@Nullable String unrecovered = null;
			int round = 0;
			rounds: do {
				round++;
				for (FaultInjector.Fault fault : FaultInjector.Fault.values()) {
					if (round > 1 && (ledger.accepted() >= orders || Instant.now().isAfter(stopAt))) {
						break rounds;
					}
					say("round %d: %s (%d orders accepted so far)", round, fault.description(), ledger.accepted());
					load.phase(fault.description());
					injected.merge(fault.description(), 1, Integer::sum);
					try {
						injector.inject(fault);
					}
					catch (ConditionTimeoutException ex) {
						// Reported with the audit's findings: what the system did up to
						// here
						// is worth as much as the rest.
						unrecovered = fault.description() + " (round " + round + "): " + ex.getMessage();
						say("no recovery: %s", unrecovered);
						break rounds;
					}
				}
			}
			while (ledger.accepted() < orders && Instant.now().isBefore(stopAt));
			say("stopping the load after %d accepted orders; waiting until all is quiet", ledger.accepted());
			load.pause();
			boolean quiet = audit.awaitQuiet(QUIET);
			say("auditing%s", quiet ? "" : " (it did not become quiet within " + QUIET.toMinutes() + " min)");
			SystemAudit.Findings findings = audit.audit(ledger, load.creditLimits(), load.initialStock(),
					injector.poison());
			if (unrecovered != null) {
				findings.violation("the system did not recover from " + unrecovered);
			}
			return new Result(rows(injected, ledger, findings), findings, injector.poison().size(), round,
					Duration.between(began, Instant.now()));
		}
	}

	private static final String NO_FAULT = "none (steady load)";

	private static List<Row> rows(Map<String, Integer> injected, OrderLedger ledger, SystemAudit.Findings findings) {
		List<Row> rows = new ArrayList<>();
		injected
			.forEach((fault, times) -> rows.add(new Row(fault, times, ledger.acceptedIn(fault), findings.finalIn(fault),
					findings.lostIn(fault), findings.doubledIn(fault), findings.timeoutsIn(fault))));
		return rows;
	}

	private void say(String format, Object... args) {
		this.out.println("faults    | " + String.format(Locale.ROOT, format, args));
	}

	/**
	 * The figures of the orders first sent while one fault was under way (from its
	 * injection until the next one).
	 *
	 * @param fault the fault
	 * @param times how often it was injected
	 * @param accepted orders accepted (202)
	 * @param finalOrders of those, how many are confirmed, rejected or cancelled
	 * @param lost of those, how many the system does not have
	 * @param doubled orders made twice or changes published twice
	 * @param timeouts of the accepted ones, how many were rejected for the deadline
	 */
	record Row(String fault, int times, long accepted, int finalOrders, int lost, int doubled, int timeouts) {
	}

	/**
	 * What a run did and found.
	 *
	 * @param rows figures per fault
	 * @param findings the audit
	 * @param unreadableRecords unreadable records sent
	 * @param rounds rounds of every fault
	 * @param took how long it took
	 */
	record Result(List<Row> rows, SystemAudit.Findings findings, int unreadableRecords, int rounds, Duration took) {

		/**
		 * @return the figures as a Markdown table, with a total line and the invariant
		 * violations found
		 */
		String table() {
			StringBuilder table = new StringBuilder();
			table.append("| fault | injected | orders accepted | final | lost | doubled | rejected for TIMEOUT |\n");
			table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
			long accepted = 0;
			long finalOrders = 0;
			long lost = 0;
			long timeouts = 0;
			for (Row row : this.rows) {
				table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", row.fault(),
						row.times(), row.accepted(), row.finalOrders(), row.lost(), row.doubled(), row.timeouts()));
				accepted += row.accepted();
				finalOrders += row.finalOrders();
				lost += row.lost();
				timeouts += row.timeouts();
			}
			table.append(String.format(Locale.ROOT, "| **all** | | **%d** | **%d** | **%d** | **%d** | **%d** |%n",
					accepted, finalOrders, lost, this.findings.doubles().size(), timeouts));
			table.append(String.format(Locale.ROOT,
					"%nInvariant violations: %d. Requests without a definite answer: %d. "
							+ "Unreadable records sent: %d. Rounds of every fault: %d, in %d min.%n",
					this.findings.violations().size(), this.findings.unanswered(), this.unreadableRecords, this.rounds,
					this.took.toMinutes()));
			List<String> problems = this.findings.problems();
			problems.stream().limit(50).forEach((problem) -> table.append("- ").append(problem).append('\n'));
			if (problems.size() > 50) {
				table.append("- ... and ").append(problems.size() - 50).append(" more\n");
			}
			return table.toString();
		}

	}

}
