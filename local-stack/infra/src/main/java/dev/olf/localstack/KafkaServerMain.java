package dev.olf.localstack;

import java.io.IOException;
import java.time.Duration;

/**
 * The main class of the broker's child process: Kafka's own {@code kafka.Kafka}, with a
 * watchdog that ends the broker when the process that started it is gone.
 * <p>
 * The parent keeps the child's standard input open and never writes to it, so the end of
 * that stream means the parent has exited, whether it stopped cleanly, crashed or was
 * killed with {@code kill -9}. The broker then shuts down as it does on {@code SIGTERM}
 * and frees its port and log directory for the next launcher. A pipe is noticed at once,
 * unlike polling the parent's pid, and cannot be fooled by a reused pid.
 * <p>
 * Public because {@code java} and Spring Boot's {@code PropertiesLauncher} start it; only
 * {@link KafkaBroker} does.
 */
public final class KafkaServerMain {

	/** Longer than a clean shutdown of a local broker takes. */
	private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(30);

	private KafkaServerMain() {
	}

	/**
	 * Starts the broker.
	 * @param args what {@code kafka.Kafka} takes: the path of {@code server.properties}
	 */
	public static void main(String[] args) {
		Thread.ofPlatform().daemon().name("parent-watchdog").start(KafkaServerMain::exitWhenParentIsGone);
		kafka.Kafka.main(args);
	}

	private static void exitWhenParentIsGone() {
		try {
			while (System.in.read() != -1) {
				// The parent writes nothing; only the end of the stream matters.
			}
		}
		catch (IOException ex) {
			// A broken pipe means the same as its end.
		}
		Thread.ofPlatform().daemon().name("shutdown-limit").start(() -> {
			try {
				Thread.sleep(SHUTDOWN_LIMIT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Runtime.getRuntime().halt(1);
		});
		System.exit(0);
	}

}
