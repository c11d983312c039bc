package dev.olf.localstack.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Starts again whatever exits without being asked to: a service instance, Kafka,
 * PostgreSQL. Restarts wait longer each time one fails again soon (exponential backoff),
 * so a process that cannot start does not spin; one that stayed up a while starts again
 * at the shortest wait. A stop on purpose goes through {@link #stop(String, Runnable)}
 * and is not restarted.
 */
final class Supervisor implements AutoCloseable {

	private final Backoff backoff;

	private final Consumer<String> console;

	private final List<String> reports = new CopyOnWriteArrayList<>();

	private final Map<String, Supervised> supervised = new ConcurrentHashMap<>();

	private final ExecutorService restarter = Executors.newCachedThreadPool(this::restartThread);

	private volatile boolean closed;

	/**
	 * @param backoff how long to wait before restarts
	 * @param console where to say what was restarted
	 */
	Supervisor(Backoff backoff, Consumer<String> console) {
		this.backoff = backoff;
		this.console = console;
	}

	/**
	 * Watches something that is running and restarts it whenever it exits, until it is
	 * stopped through this supervisor.
	 * @param name the name in messages, e.g. {@code order-service-2}
	 * @param target what to watch and restart
	 */
	void supervise(String name, Restartable target) {
		Supervised entry = new Supervised(name, target);
		Supervised previous = this.supervised.put(name, entry);
		if (previous != null) {
			previous.release();
		}
		entry.watch();
	}

	/**
	 * Stops something on purpose: it is no longer restarted, then stopped.
	 * @param name its name
	 * @param stop how to stop it
	 */
	void stop(String name, Runnable stop) {
		Supervised entry = this.supervised.remove(name);
		if (entry != null) {
			entry.release();
		}
		stop.run();
	}

	/**
	 * @return what the supervisor said so far, one line per restart or failed restart
	 */
	List<String> reports() {
		return List.copyOf(this.reports);
	}

	/**
	 * Restarts nothing from now on; waits for a restart under way to finish, so that what
	 * it started can be stopped.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.supervised.values().forEach(Supervised::release);
		this.supervised.clear();
		this.restarter.shutdownNow();
	}

	/**
	 * Restarts run on threads created wherever a process's end was noticed; they get the
	 * launcher's class loader, which in its executable jar is the one that sees the
	 * libraries.
	 */
	private Thread restartThread(Runnable restart) {
		Thread thread = Thread.ofPlatform().name("supervisor-restart").daemon().unstarted(restart);
		thread.setContextClassLoader(Supervisor.class.getClassLoader());
		return thread;
	}

	private void report(String line) {
		this.reports.add(line);
		this.console.accept(line);
	}

	/**
	 * What a supervisor needs of a process it looks after.
	 */
	interface Restartable {

		/**
		 * @return completes with the exit code, or {@code null} where it cannot be known,
		 * when the process running now ends
		 */
		CompletableFuture<@Nullable Integer> onExit();

		/**
		 * Starts the process again; may wait until it is ready.
		 * @throws RuntimeException if it did not start
		 */
		void restart();

	}

	/**
	 * The waits between restarts: the first, doubling with each failure in a row up to a
	 * limit; a process that stayed up for {@code stableAfter} starts the count afresh.
	 *
	 * @param first the wait before the first restart
	 * @param max the longest wait
	 * @param stableAfter how long a process must have run for its next exit to count as a
	 * first failure again
	 */
	record Backoff(Duration first, Duration max, Duration stableAfter) {

		static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
				Duration.ofMinutes(1));

		Duration delay(int failuresInARow) {
			Duration delay = this.first;
			for (int failure = 1; failure < failuresInARow && delay.compareTo(this.max) < 0; failure++) {
				delay = delay.multipliedBy(2);
			}
			return (delay.compareTo(this.max) > 0) ? this.max : delay;
		}

	}

	private final class Supervised {

		private final String name;

		private final Restartable target;

		private boolean released;

		private int failuresInARow;

		private int restarts;

		private Instant startedAt = Instant.now();

		Supervised(String name, Restartable target) {
			this.name = name;
			this.target = target;
		}

		synchronized void release() {
			this.released = true;
		}

		private synchronized void watch() {
			this.startedAt = Instant.now();
			this.target.onExit()
				.whenComplete((code, failure) -> scheduleRestart("exited" + ((code != null) ? " with " + code : "")));
		}

		private synchronized void scheduleRestart(String what) {
			if (this.released || Supervisor.this.closed) {
				return;
			}
			if (Duration.between(this.startedAt, Instant.now()).compareTo(Supervisor.this.backoff.stableAfter()) >= 0) {
				this.failuresInARow = 0;
			}
			this.failuresInARow++;
			this.restarts++;
			Duration delay = Supervisor.this.backoff.delay(this.failuresInARow);
			report(this.name + " " + what + "; restarting in " + seconds(delay) + " (restart " + this.restarts + ")");
			CompletableFuture.runAsync(this::restart, CompletableFuture.delayedExecutor(delay.toMillis(),
					TimeUnit.MILLISECONDS, Supervisor.this.restarter));
		}

		private synchronized void restart() {
			if (this.released || Supervisor.this.closed) {
				return;
			}
			try {
				this.target.restart();
			}
			catch (RuntimeException ex) {
				String reason = String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
				this.startedAt = Instant.now();
				scheduleRestart("did not start again (" + reason + ")");
				return;
			}
			watch();
		}

		private static String seconds(Duration delay) {
			return (delay.toMillis() % 1000 == 0) ? (delay.toSeconds() + " s") : (delay.toMillis() + " ms");
		}

	}

}
