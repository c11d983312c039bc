package dev.olf.localstack.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import dev.olf.localstack.ClientCredentials;

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
