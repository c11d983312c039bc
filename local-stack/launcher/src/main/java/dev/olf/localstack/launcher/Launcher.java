package dev.olf.localstack.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.olf.localstack.launcher.bench.Benchmark;
import dev.olf.localstack.launcher.bench.BenchmarkOptions;
import dev.olf.localstack.ClientCredentials;

/**
 * Runs the whole system locally: {@code ./run-local} builds the jars and starts this.
 */
public final class Launcher {

	private Launcher() {
	}

	/**
	 * Starts the stack, runs the benchmark on it, and stops everything.
	 * @return the exit code: 0 if the invariants held, 1 if not, 2 if it could not run
	 */
	private static int bench(String[] args, PrintStream out) {
		List<String> launcherArgs = new ArrayList<>();
		BenchmarkOptions options;
		LaunchOptions launch;
		try {
			String time = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
			options = BenchmarkOptions.parse(args, Path.of("target", "bench", time), launcherArgs);
			launch = LaunchOptions.parse(launcherArgs.toArray(String[]::new));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("local-stack: " + ex.getMessage());
			return 2;
		}
		out.println("Starting Kafka and PostgreSQL with data in " + launch.dataDirectory() + " for the benchmark");
		Instant began = Instant.now();
		// Service output goes to the log files only, so the benchmark's progress stays
		// readable.
		try (LocalStack stack = LocalStack.start(launch, null)) {
			Duration ready = Duration.between(began, Instant.now());
			out.printf("All services are ready after %.1f s; logs in %s%n", ready.toMillis() / 1000.0,
					launch.dataDirectory().resolve("logs"));
			Benchmark.Result result = Benchmark.run(stack, options, ready, out);
			if (!result.invariantsHold()) {
				System.err.println("local-stack: invariants violated, see " + result.reportDirectory());
				return 1;
			}
			return 0;
		}
		catch (RuntimeException ex) {
			System.err.println("local-stack: the benchmark failed: " + ex.getMessage());
			return 2;
		}
	}

	public static void main(String[] args) throws InterruptedException {
		PrintStream out = System.out;
		if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
			out.print(LaunchOptions.USAGE);
			out.println();
			out.print(BenchmarkOptions.USAGE);
			return;
		}
		if (Arrays.asList(args).contains("--bench")) {
			System.exit(bench(args, out));
			return;
		}
		if (args.length > 0 && "--soak".equals(args[0])) {
			try {
				System.exit(FaultSoak.run(args, out));
			}
			catch (IllegalArgumentException ex) {
				System.err.println("local-stack: " + ex.getMessage());
				System.exit(1);
			}
			return;
		}
		LaunchOptions options;
		LocalStack stack;
		Instant began = Instant.now();
		try {
			options = LaunchOptions.parse(args);
			out.println("Starting Kafka and PostgreSQL with data in " + options.dataDirectory());
			stack = LocalStack.start(options, out);
		}
		catch (RuntimeException ex) {
			System.err.println("local-stack: " + ex.getMessage());
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		DemoTraffic demo = (options.demoRate() > 0) ? DemoTraffic.start(stack, options.demoRate(), out) : null;
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			out.println("Stopping the services, Kafka and PostgreSQL...");
			if (demo != null) {
				demo.close();
			}
			stack.close();
			stopped.countDown();
		}, "local-stack-shutdown"));
		out.println();
		out.println("All services are ready after " + Duration.between(began, Instant.now()).toSeconds() + " s:");
		stack.instances()
			.forEach((process) -> out.printf("  %-20s %s   (pid %d)%n", process.name(), process.url(), process.pid()));
		out.printf("  %-20s %s%n", "dashboard", stack.url(Service.STATS));
		out.printf("  %-20s %s   (pid %d; SASL, passwords in %s)%n", "kafka", stack.kafkaBootstrapServers(),
				stack.kafkaPid(), options.dataDirectory().resolve(KafkaCredentials.FILE_NAME));
		out.printf("  %-20s %s   (pid %d)%n", "postgresql", stack.jdbcUrl(Service.CUSTOMER).replace("/customers", "/"),
				stack.postgresPid());
		stack.zipkinUrl()
			.ifPresent((zipkin) -> out.printf("  %-20s %s/zipkin/   (pid %d; traces of every order)%n", "zipkin",
					zipkin, stack.zipkinPid().orElseThrow()));
		out.printf("  %-20s %s%n", "",
				"passwords (each service's role, and postgres): " + stack.postgresPasswordFile());
		out.println();
		out.println("Every API needs a bearer token. One with every scope, good for 15 minutes:");
		out.println("  " + tokenCommand(stack));
		out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + stack.url(Service.CUSTOMER) + "/api/customers");
		out.println("The dashboard asks you to log in: user demo, password olf-local-dev-only "
				+ "(local-development defaults).");
		out.println("A process that exits unexpectedly is restarted. Press Ctrl-C to stop everything.");
		stopped.await();
	}

	/**
	 * @param stack the running stack
	 * @return a shell line that puts a token of the local machine client into
	 * {@code $TOKEN}
	 */
	static String tokenCommand(LocalStack stack) {
		return "TOKEN=$(curl -s -u " + ClientCredentials.LOCAL_CLIENT_ID + ":" + ClientCredentials.LOCAL_CLIENT_SECRET
				+ " -d grant_type=client_credentials -d scope='" + ClientCredentials.EVERY_SCOPE + "' "
				+ stack.authUrl() + "/oauth2/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')";
	}

}
