package dev.olf.messaging;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Something the library does on its own every so often (counting dead letters, deleting
 * old inbox ids), on a daemon thread of its own that starts and stops with the
 * application. The library cannot count on the application to enable Spring's scheduling,
 * so it brings this instead. A run that fails is logged and the next one comes on time: a
 * scheduled executor would otherwise drop the task for good.
 */
public final class PeriodicTask implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;

	private final Runnable task;

	private final Duration firstDelay;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * @param name the thread's name, and the task's in the log
	 * @param task what to do
	 * @param firstDelay how long after start the first run comes
	 * @param interval the pause between the end of one run and the start of the next
	 */
	public PeriodicTask(String name, Runnable task, Duration firstDelay, Duration interval) {
		this.name = name;
		this.task = task;
		this.firstDelay = firstDelay;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(this.name).daemon().factory());
		started.scheduleWithFixedDelay(this::runOnce, this.firstDelay.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.scheduler = started;
	}

	private void runOnce() {
		try {
			this.task.run();
		}
		catch (RuntimeException ex) {
			logger.warn("{} failed; trying again in {}", this.name, this.interval, ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
