package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor over real processes ({@code sleep}), with short waits so that backoff
 * shows within a test.
 */
class SupervisorTest {

	private static final Supervisor.Backoff QUICK = new Supervisor.Backoff(Duration.ofMillis(100),
			Duration.ofMillis(400), Duration.ofMinutes(1));

	private final List<String> console = new CopyOnWriteArrayList<>();

	private final Supervisor supervisor = new Supervisor(QUICK, this.console::add);

	private final Sleeper sleeper = new Sleeper();

	@AfterEach
	void stopEverything() {
		this.supervisor.close();
		this.sleeper.stop();
	}

	@Test
	void restartsAKilledProcessWaitingLongerEachTimeAndSaysSo() {
		this.supervisor.supervise("sleeper", this.sleeper);

		this.sleeper.kill();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sleeper.starts.get() == 2 && this.sleeper.isAlive());
		this.sleeper.kill();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sleeper.starts.get() == 3 && this.sleeper.isAlive());

		assertThat(this.console).containsExactly("sleeper exited with 137; restarting in 100 ms (restart 1)",
				"sleeper exited with 137; restarting in 200 ms (restart 2)");
		assertThat(this.supervisor.reports()).isEqualTo(this.console);
	}

	@Test
	void doesNotRestartWhatIsStoppedOnPurpose() {
		this.supervisor.supervise("sleeper", this.sleeper);

		this.supervisor.stop("sleeper", this.sleeper::stop);

		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.sleeper.starts.get() == 1 && !this.sleeper.isAlive());
		assertThat(this.console).isEmpty();
	}

	@Test
	void triesAgainWhenARestartFails() {
		this.sleeper.failNextRestart = true;
		this.supervisor.supervise("sleeper", this.sleeper);

		this.sleeper.kill();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.sleeper.starts.get() == 2 && this.sleeper.isAlive());
		assertThat(this.console).containsExactly("sleeper exited with 137; restarting in 100 ms (restart 1)",
				"sleeper did not start again (no such command); restarting in 200 ms (restart 2)");
	}

	@Test
	void waitsFromOneSecondDoublingToThirtySeconds() {
		Supervisor.Backoff backoff = Supervisor.Backoff.DEFAULT;

		assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20)).map(backoff::delay)
			.extracting(Duration::toSeconds)
			.containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
	}

	/**
	 * A process that does nothing until it is killed.
	 */
	private static final class Sleeper implements Supervisor.Restartable {

		final AtomicInteger starts = new AtomicInteger();

		volatile boolean failNextRestart;

		private volatile Process process;

		Sleeper() {
			this.process = sleep();
		}

		@Override
		public CompletableFuture<@Nullable Integer> onExit() {
			return this.process.onExit().thenApply(Process::exitValue);
		}

		@Override
		public void restart() {
			if (this.failNextRestart) {
				this.failNextRestart = false;
				throw new IllegalStateException("no such command\nsecond line");
			}
			this.process = sleep();
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		void kill() {
			this.process.destroyForcibly();
		}

		void stop() {
			this.process.destroy();
		}

		private Process sleep() {
			try {
				Process started = new ProcessBuilder("sleep", "600").start();
				this.starts.incrementAndGet();
				return started;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
