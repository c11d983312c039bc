package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time and proportional set size (PSS) of a process and all its descendants, read
 * from Linux's {@code /proc}: PostgreSQL forks a back-end per connection, so the
 * postmaster alone would show little of what the database costs. PSS divides each page a
 * process shares by the number of processes sharing it, so the figures of processes add
 * up to what they use together.
 */
final class ProcessUsage {

	/**
	 * Clock ticks per second of {@code utime} and {@code stime}; 100 on every Linux the
	 * JDK runs on ({@code getconf CLK_TCK}).
	 */
	private static final double TICKS_PER_SECOND = 100;

	private ProcessUsage() {
	}

	/**
	 * @return whether {@code /proc} can be read here, i.e. this is Linux
	 */
	static boolean available() {
		return Files.isReadable(Path.of("/proc/self/stat"));
	}

	/**
	 * @param process a process
	 * @return seconds of CPU the process (and its living descendants if it is watched
	 * with them) has used, in user and system mode; 0 if it is gone
	 */
	static double cpuSeconds(Watched process) {
		return pids(process).mapToDouble(ProcessUsage::ownCpuSeconds).sum();
	}

	/**
	 * @param process a process
	 * @return bytes of PSS of the process (and its descendants if it is watched with
	 * them); 0 if it is gone
	 */
	static long pss(Watched process) {
		return pids(process).mapToLong(ProcessUsage::ownPss).sum();
	}

	private static Stream<Long> pids(Watched watched) {
		if (!watched.withDescendants()) {
			return Stream.of(watched.pid());
		}
		return ProcessHandle.of(watched.pid())
			.map((process) -> Stream.concat(Stream.of(process), process.descendants()).map(ProcessHandle::pid))
			.orElseGet(Stream::empty);
	}

	private static double ownCpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name in parentheses may hold spaces; the fields after it do
			// not.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the
			// name.
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static long ownPss(long pid) {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
			for (String line : lines) {
				if (line.startsWith("Pss:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			return 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * A process to watch.
	 *
	 * @param pid its id
	 * @param withDescendants whether its children and theirs count as part of it: yes for
	 * PostgreSQL, whose back-ends are the postmaster's children; no for the JVM that runs
	 * the benchmark, since the stack's other processes are its children
	 */
	record Watched(long pid, boolean withDescendants) {
	}

}
