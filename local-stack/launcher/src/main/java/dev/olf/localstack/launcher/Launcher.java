package dev.olf.localstack.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system locally: {@code ./run-local} builds the jars and starts this.
 */
public final class Launcher {

	private Launcher() {
	}

	public static void main(String[] args) throws InterruptedException {
		PrintStream out = System.out;
		if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
			out.print(LaunchOptions.USAGE);
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
		out.printf("  %-20s %s   (pid %d)%n", "kafka", stack.kafkaBootstrapServers(), stack.kafkaPid());
		out.printf("  %-20s %s   (pid %d)%n", "postgresql", stack.jdbcUrl(Service.CUSTOMER).replace("/customers", "/"),
				stack.postgresPid());
		out.println("A process that exits unexpectedly is restarted. Press Ctrl-C to stop everything.");
		stopped.await();
	}

}
