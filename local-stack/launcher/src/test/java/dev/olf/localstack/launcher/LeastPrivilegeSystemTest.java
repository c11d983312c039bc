package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the running system gives away, and to whom: each service reaches its own database
 * only, as a role that is no superuser; no password is on a command line, in a log or in
 * an actuator answer; only the probes and metrics of the actuator answer; nothing listens
 * beyond the loopback address; and no answer sends a client to the host it claimed.
 */
class LeastPrivilegeSystemTest {

	private static final List<String> ACTUATOR_OFF = List.of("env", "configprops", "beans", "metrics", "heapdump",
			"threaddump", "loggers", "mappings", "conditions", "scheduledtasks", "shutdown", "sbom");

	@Test
	void eachServiceLogsInAsTheOwnerOfItsDatabaseWhoIsNoSuperuserAndCannotEnterAnotherDatabase() throws SQLException {
		LocalStack stack = SystemStack.shared();
		for (Service service : Service.apis()) {
			try (Connection own = DriverManager.getConnection(stack.jdbcUrl(service), service.database(),
					stack.databasePassword(service));
					Statement statement = own.createStatement();
					ResultSet role = statement.executeQuery("""
							select current_user, r.rolsuper, r.rolcreaterole, r.rolcreatedb,
							  pg_get_userbyid(d.datdba) = current_user as owner
							from pg_roles r, pg_database d
							where r.rolname = current_user and d.datname = current_database()""")) {
				assertThat(role.next()).isTrue();
				assertThat(role.getString(1)).isEqualTo(service.database());
				assertThat(role.getBoolean("rolsuper")).as("%s is a superuser", service.database()).isFalse();
				assertThat(role.getBoolean("rolcreaterole")).isFalse();
				assertThat(role.getBoolean("rolcreatedb")).isFalse();
				assertThat(role.getBoolean("owner")).as("%s owns its database", service.database()).isTrue();
			}
			List<String> others = new ArrayList<>(List.of(stack.jdbcUrl(service).replaceAll("/[a-z_]+$", "/postgres")));
			for (Service other : Service.apis()) {
				if (other != service) {
					others.add(stack.jdbcUrl(other));
				}
			}
			for (String other : others) {
				assertThatExceptionOfType(SQLException.class).as("%s enters %s", service.database(), other)
					.isThrownBy(() -> DriverManager
						.getConnection(other, service.database(), stack.databasePassword(service))
						.close())
					.satisfies((refused) -> assertThat(refused.getSQLState()).isEqualTo("42501"));
			}
		}
		Map.Entry<String, String> superuser = stack.postgresSuperuser();
		try (Connection admin = DriverManager.getConnection(stack.jdbcUrl(Service.ORDER), superuser.getKey(),
				superuser.getValue());
				Statement statement = admin.createStatement();
				ResultSet sessions = statement.executeQuery("""
						select distinct datname, usename from pg_stat_activity
						where backend_type = 'client backend' and pid <> pg_backend_pid()
						  and datname in ('customers', 'orders', 'inventory', 'olf')""")) {
			List<String> seen = new ArrayList<>();
			while (sessions.next()) {
				seen.add(sessions.getString("datname") + " as " + sessions.getString("usename"));
			}
			assertThat(seen).as("the services' own connections")
				.containsExactlyInAnyOrder("customers as customers", "orders as orders", "inventory as inventory",
						"olf as olf");
		}
	}

	@Test
	void theSuperuserNeedsItsPasswordAndThePasswordsAreTheOwnersAlone() throws IOException {
		LocalStack stack = SystemStack.shared();
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager
				.getConnection(stack.jdbcUrl(Service.ORDER), stack.postgresSuperuser().getKey(), "postgres")
				.close())
			.satisfies((refused) -> assertThat(refused.getSQLState()).isEqualTo("28P01"));
		assertThat(Files.getPosixFilePermissions(stack.postgresPasswordFile()))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
	}

	@Test
	void noPasswordIsOnACommandLineThatPsShows() throws IOException {
		LocalStack stack = SystemStack.shared();
		List<Long> pids = new ArrayList<>(stack.instances().stream().map(ServiceProcess::pid).toList());
		pids.add(stack.kafkaPid());
		pids.add(stack.postgresPid());
		List<String> secrets = passwords(stack);
		for (long pid : pids) {
			String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
			assertThat(commandLine).as("command line of %d", pid)
				.isNotBlank()
				.doesNotContainPattern("(?i)password\\s*=")
				.doesNotContain(secrets);
		}
	}

	@Test
	void onlyProbesInfoAndMetricsOfTheActuatorAnswerAndNoneShowsAPassword() throws IOException {
		LocalStack stack = SystemStack.shared();
		List<String> secrets = passwords(stack);
		for (ServiceProcess instance : apiInstances(stack)) {
			for (String endpoint : List.of("", "/health", "/health/readiness", "/info", "/prometheus")) {
				SystemStack.Response answer = SystemStack.get(instance.url(), "/actuator" + endpoint);
				assertThat(answer.status()).as("%s /actuator%s", instance.name(), endpoint).isEqualTo(200);
				assertThat(answer.text()).as("%s /actuator%s", instance.name(), endpoint).doesNotContain(secrets);
			}
			for (String endpoint : ACTUATOR_OFF) {
				assertThat(SystemStack.get(instance.url(), "/actuator/" + endpoint).status())
					.as("%s /actuator/%s", instance.name(), endpoint)
					.isEqualTo(404);
			}
			assertThat(SystemStack.get(instance.url(), "/v3/api-docs").text()).doesNotContain(secrets);
			Path log = stack.options().dataDirectory().resolve("logs").resolve(instance.name() + ".log");
			assertThat(Files.readString(log)).as("log of %s", instance.name())
				.contains("Started")
				.doesNotContain(secrets);
		}
	}

	@Test
	void servicesAndPostgresListenOnTheLoopbackAddressOnly() throws IOException {
		LocalStack stack = SystemStack.shared();
		List<Integer> ports = new ArrayList<>(stack.instances().stream().map((p) -> p.url().getPort()).toList());
		ports.add(Integer.parseInt(stack.jdbcUrl(Service.ORDER).replaceAll(".*:(\\d+)/.*", "$1")));
		ports.add(Integer.parseInt(stack.kafkaBootstrapServers().replaceAll(".*:(\\d+)$", "$1")));
		Map<Integer, Set<String>> listeners = listeningAddresses();
		for (int port : ports) {
			assertThat(listeners.get(port)).as("addresses listening on %d", port)
				.isNotEmpty()
				.allSatisfy((address) -> assertThat(address).isIn(LOOPBACK_V4, LOOPBACK_V4_MAPPED, LOOPBACK_V6));
		}
	}

	@Test
	void locationNamesTheResourceNotTheHostTheClientClaimed() throws IOException {
		URI customers = SystemStack.shared().url(Service.CUSTOMER);
		String body = """
				{"name": "Eve", "email": "eve-%s@example.com", "creditLimit": "1.00"}""".formatted(UUID.randomUUID());
		byte[] json = body.getBytes(StandardCharsets.UTF_8);
		// java.net.http will not send a Host of our choosing; a socket will.
		try (Socket socket = new Socket(customers.getHost(), customers.getPort())) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/customers HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
					+ "X-Forwarded-Proto: https\r\nAuthorization: Bearer " + SystemStack.token()
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(json);
			out.flush();
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 201");
			String location = answer.lines()
				.filter((line) -> line.regionMatches(true, 0, "Location:", 0, 9))
				.findFirst()
				.orElseThrow()
				.substring(9)
				.trim();
			assertThat(location).startsWith("/api/customers/").doesNotContain("evil");
		}
	}

	/** The services with an API; auth-service has its own actuator set-up. */
	private static List<ServiceProcess> apiInstances(LocalStack stack) {
		return stack.instances().stream().filter((instance) -> instance.service().hasApi()).toList();
	}

	private static final String LOOPBACK_V4 = "0100007F";

	/** 127.0.0.1 on a dual-stack socket, as Java binds it: ::ffff:127.0.0.1. */
	private static final String LOOPBACK_V4_MAPPED = "0000000000000000FFFF00000100007F";

	private static final String LOOPBACK_V6 = "00000000000000000000000001000000";

	/**
	 * The local addresses of every listening TCP socket by port, as the kernel lists them
	 * in {@code /proc/net/tcp} and {@code tcp6} (hexadecimal, 127.0.0.1 is
	 * {@value #LOOPBACK_V4}).
	 */
	private static Map<Integer, Set<String>> listeningAddresses() throws IOException {
		Map<Integer, Set<String>> listeners = new HashMap<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			List<String> lines = Files.readAllLines(Path.of(table));
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				if (!"0A".equals(fields[3])) {
					continue;
				}
				String[] local = fields[1].split(":");
				listeners.computeIfAbsent(HexFormat.fromHexDigits(local[1]), (port) -> new HashSet<>()).add(local[0]);
			}
		}
		return listeners;
	}

	private static List<String> passwords(LocalStack stack) {
		List<String> secrets = new ArrayList<>();
		for (Service service : Service.apis()) {
			secrets.add(stack.databasePassword(service));
		}
		secrets.add(stack.postgresSuperuser().getValue());
		return secrets;
	}

}
