package dev.olf.localstack.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the launcher starts and where.
 *
 * @param dataDirectory where Kafka and PostgreSQL keep their data and services their
 * logs; kept across restarts
 * @param repositoryRoot the checkout, whose modules hold the services' executable jars
 * @param kafkaPort the Kafka broker's port
 * @param postgresPort PostgreSQL's port
 * @param servicePorts the HTTP port of each service's first instance
 * @param instances how many instances of each service run; 1 for a service not named
 * @param instancePortStep how far apart the ports of one service's instances are:
 * instance {@code i} listens on its service's port {@code + (i - 1) * step}
 * @param jvmOptions options for each service's JVM
 * @param serviceArguments extra Spring Boot arguments per service, e.g.
 * {@code --olf.orders.deadline=5s}
 * @param demoRate orders per second of demo traffic, 0 for none
 * @param zipkinPort the port of the Zipkin server the launcher starts as trace backend,
 * or {@code null} for none (the services then send their spans nowhere)
 * @param bindAddress the address the services and PostgreSQL listen on:
 * {@value #DEFAULT_BIND_ADDRESS} unless told otherwise, so nothing of the local stack is
 * reachable from another machine
 */
public record LaunchOptions(Path dataDirectory, Path repositoryRoot, int kafkaPort, int postgresPort,
		Map<Service, Integer> servicePorts, Map<Service, Integer> instances, int instancePortStep,
		List<String> jvmOptions, Map<Service, List<String>> serviceArguments, double demoRate,
		@Nullable Integer zipkinPort, String bindAddress) {

	/**
	 * Each instance is a JVM of a few hundred megabytes; more is rarely what was meant.
	 */
	static final int MAX_INSTANCES = 10;

	static final int DEFAULT_INSTANCE_PORT_STEP = 100;

	static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

	public LaunchOptions {
		servicePorts = Map.copyOf(servicePorts);
		instances = Map.copyOf(instances);
		jvmOptions = List.copyOf(jvmOptions);
		serviceArguments = Map.copyOf(serviceArguments);
		instances.forEach((service, count) -> {
			if (count < 1 || count > MAX_INSTANCES) {
				throw new IllegalArgumentException("--instances needs a number from 1 to " + MAX_INSTANCES + " for "
						+ service.shortName() + ", not " + count);
			}
		});
		if (instancePortStep < 1) {
			throw new IllegalArgumentException("--instance-port-step needs a positive number, not " + instancePortStep);
		}
		checkPortsDistinct(kafkaPort, postgresPort, zipkinPort, servicePorts, instances, instancePortStep);
		if (!bindAddress.matches("[0-9A-Za-z.:-]+")) {
			throw new IllegalArgumentException("--bind-address needs an IP address or host name, not " + bindAddress);
		}
	}

	/**
	 * A launch without a trace backend that listens on {@value #DEFAULT_BIND_ADDRESS}
	 * only.
	 * @param dataDirectory where data and logs go
	 * @param repositoryRoot the checkout
	 * @param kafkaPort the Kafka broker's port
	 * @param postgresPort PostgreSQL's port
	 * @param servicePorts the HTTP port of each service's first instance
	 * @param instances how many instances of each service run
	 * @param instancePortStep how far apart the ports of one service's instances are
	 * @param jvmOptions options for each service's JVM
	 * @param serviceArguments extra Spring Boot arguments per service
	 * @param demoRate orders per second of demo traffic, 0 for none
	 */
	public LaunchOptions(Path dataDirectory, Path repositoryRoot, int kafkaPort, int postgresPort,
			Map<Service, Integer> servicePorts, Map<Service, Integer> instances, int instancePortStep,
			List<String> jvmOptions, Map<Service, List<String>> serviceArguments, double demoRate) {
		this(dataDirectory, repositoryRoot, kafkaPort, postgresPort, servicePorts, instances, instancePortStep,
				jvmOptions, serviceArguments, demoRate, null, DEFAULT_BIND_ADDRESS);
	}

	/**
	 * @return the host to reach a service or PostgreSQL at on this machine: the bind
	 * address, or the loopback address when they listen on every interface
	 */
	public String connectHost() {
		return switch (this.bindAddress) {
			case "0.0.0.0", "::", "*" -> DEFAULT_BIND_ADDRESS;
			default -> this.bindAddress;
		};
	}

	/**
	 * A launch with one instance of each service.
	 * @param dataDirectory where data and logs go
	 * @param repositoryRoot the checkout
	 * @param kafkaPort the Kafka broker's port
	 * @param postgresPort PostgreSQL's port
	 * @param servicePorts the HTTP port of each service
	 * @param jvmOptions options for each service's JVM
	 * @param serviceArguments extra Spring Boot arguments per service
	 * @param demoRate orders per second of demo traffic, 0 for none
	 */
	public LaunchOptions(Path dataDirectory, Path repositoryRoot, int kafkaPort, int postgresPort,
			Map<Service, Integer> servicePorts, List<String> jvmOptions, Map<Service, List<String>> serviceArguments,
			double demoRate) {
		this(dataDirectory, repositoryRoot, kafkaPort, postgresPort, servicePorts, Map.of(), DEFAULT_INSTANCE_PORT_STEP,
				jvmOptions, serviceArguments, demoRate, null, DEFAULT_BIND_ADDRESS);
	}

	List<String> argumentsOf(Service service) {
		return this.serviceArguments.getOrDefault(service, List.of());
	}

	/**
	 * @param service a service
	 * @return how many instances of it run
	 */
	public int instancesOf(Service service) {
		return this.instances.getOrDefault(service, 1);
	}

	/**
	 * @param service a service
	 * @param instance the instance, from 1
	 * @return the HTTP port of that instance
	 */
	public int portOf(Service service, int instance) {
		return port(this.servicePorts, this.instancePortStep, service, instance);
	}

	/**
	 * @param service a service
	 * @param instance the instance, from 1
	 * @return the instance's name in the console, log files and messages: the module
	 * name, with the instance's number when the service runs more than one, e.g.
	 * {@code order-service-2}
	 */
	public String nameOf(Service service, int instance) {
		return (instancesOf(service) == 1) ? service.module() : service.module() + "-" + instance;
	}

	private static int port(Map<Service, Integer> servicePorts, int step, Service service, int instance) {
		return servicePorts.get(service) + (instance - 1) * step;
	}

	private static void checkPortsDistinct(int kafkaPort, int postgresPort, @Nullable Integer zipkinPort,
			Map<Service, Integer> servicePorts, Map<Service, Integer> instances, int step) {
		Map<Integer, String> owners = new HashMap<>();
		owners.put(kafkaPort, "Kafka");
		claim(owners, postgresPort, "PostgreSQL");
		if (zipkinPort != null) {
			claim(owners, zipkinPort, "Zipkin");
		}
		for (Service service : Service.values()) {
			if (!servicePorts.containsKey(service)) {
				continue;
			}
			int count = instances.getOrDefault(service, 1);
			for (int instance = 1; instance <= count; instance++) {
				int port = port(servicePorts, step, service, instance);
				String name = (count == 1) ? service.module() : service.module() + "-" + instance;
				if (port > 65535) {
					throw new IllegalArgumentException("Port " + port + " of " + name
							+ " is beyond 65535: choose a lower " + service.portOption() + " or --instance-port-step");
				}
				claim(owners, port, name);
			}
		}
	}

	private static void claim(Map<Integer, String> owners, int port, String name) {
		String other = owners.putIfAbsent(port, name);
		// Port 0 asks the system for any free port, so it can be shared.
		if (other != null && port != 0) {
			throw new IllegalArgumentException("Port " + port + " would be used by both " + other + " and " + name
					+ ": choose other ports or another --instance-port-step");
		}
	}

	static final double DEFAULT_DEMO_RATE = 5;

	static final int DEFAULT_ZIPKIN_PORT = 9411;

	static final String USAGE = """
			Usage: local-stack [options]
			  --data-dir DIR        where Kafka and PostgreSQL keep their data (default .local-stack)
			  --kafka-port N        Kafka broker port (default 9092)
			  --postgres-port N     PostgreSQL port (default 5432)
			  --customer-port N     customer-service HTTP port (default 8081)
			  --order-port N        order-service HTTP port (default 8082)
			  --inventory-port N    inventory-service HTTP port (default 8083)
			  --stats-port N        olf-stats-service HTTP port (default 8084)
			  --bind-address ADDR   the address the services and PostgreSQL listen on (default
			                        127.0.0.1: nothing is reachable from other machines; 0.0.0.0 for
			                        every interface). Kafka always listens on 127.0.0.1
			  --auth-port N         auth-service HTTP port (default 9000), the authorization server
			  --instances N         run N instances of every service but auth (default 1, at most 10), or of
			                        some: --instances order=2,inventory=2
			  --instance-port-step N
			                        instance i of a service listens on the service's port + (i-1) x N
			                        (default 100: order-service-2 on 8182)
			  --jvm-opts "OPTS"     JVM options for each service (default "%s")
			  --demo                demo traffic: customers, products and a steady stream of orders,
			                        some failing for credit or stock, so the dashboard moves
			  --demo-rate N         demo orders per second (default 5; implies --demo)
			  --tracing             start a trace backend too: Zipkin's server, its UI at
			                        http://127.0.0.1:9411/zipkin/ showing every order as one trace
			  --zipkin-port N       Zipkin's port (default 9411; implies --tracing)
			  --soak                no launch: a fault soak on a stack of its own (./run-local --soak --help)
			  --help                this text
			""".formatted(String.join(" ", defaultJvmOptions()));

	/**
	 * Modest heaps, the serial collector and only the first JIT compiler (C1): five
	 * services and a broker share a laptop's cores, and C2, which pays off in a
	 * long-running process on a server of its own, spends them compiling: on two cores
	 * the stack was faster, smaller and sooner ready without it (docs/benchmarks.md, "JIT
	 * and observations").
	 * @return the default service JVM options
	 */
	public static List<String> defaultJvmOptions() {
		return List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx384m", "-XX:TieredStopAtLevel=1",
				"-XX:+ExitOnOutOfMemoryError");
	}

	/**
	 * Reads command-line options.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException for an unknown option or a bad value, with a
	 * message for the user
	 */
	public static LaunchOptions parse(String... args) {
		Path dataDirectory = Path.of(".local-stack");
		int kafkaPort = 9092;
		int postgresPort = 5432;
		Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
		for (Service service : Service.values()) {
			servicePorts.put(service, service.defaultPort());
		}
		Map<Service, Integer> instances = new EnumMap<>(Service.class);
		int instancePortStep = DEFAULT_INSTANCE_PORT_STEP;
		List<String> jvmOptions = new ArrayList<>(defaultJvmOptions());
		double demoRate = 0;
		Integer zipkinPort = null;
		String bindAddress = DEFAULT_BIND_ADDRESS;
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if ("--demo".equals(option)) {
				demoRate = (demoRate > 0) ? demoRate : DEFAULT_DEMO_RATE;
				continue;
			}
			if ("--tracing".equals(option)) {
				zipkinPort = (zipkinPort != null) ? zipkinPort : DEFAULT_ZIPKIN_PORT;
				continue;
			}
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (option) {
				case "--data-dir" -> dataDirectory = Path.of(required(option, value));
				case "--kafka-port" -> kafkaPort = port(option, value);
				case "--postgres-port" -> postgresPort = port(option, value);
				case "--jvm-opts" -> jvmOptions = List.of(required(option, value).trim().split("\\s+"));
				case "--demo-rate" -> demoRate = rate(option, value);
				case "--instances" -> instances.putAll(instances(option, value));
				case "--instance-port-step" -> instancePortStep = count(option, value, 1, 10_000);
				case "--zipkin-port" -> zipkinPort = port(option, value);
				case "--bind-address" -> bindAddress = required(option, value);
				default -> {
					Service service = serviceFor(option);
					servicePorts.put(service, port(option, value));
				}
			}
			i++;
		}
		return new LaunchOptions(dataDirectory.toAbsolutePath().normalize(), RepositoryRoot.find(), kafkaPort,
				postgresPort, servicePorts, instances, instancePortStep, jvmOptions, Map.of(), demoRate, zipkinPort,
				bindAddress);
	}

	/**
	 * Reads {@code 2} (every service) or {@code order=2,inventory=3}.
	 */
	private static Map<Service, Integer> instances(String option, String value) {
		Map<Service, Integer> instances = new EnumMap<>(Service.class);
		String given = required(option, value);
		if (!given.contains("=")) {
			int count = count(option, given, 1, MAX_INSTANCES);
			for (Service service : Service.apis()) {
				instances.put(service, count);
			}
			return instances;
		}
		for (String part : given.split(",")) {
			String[] nameAndCount = part.split("=", 2);
			Service service = null;
			for (Service candidate : Service.apis()) {
				if (candidate.shortName().equals(nameAndCount[0].trim())) {
					service = candidate;
				}
			}
			if (service == null || nameAndCount.length < 2) {
				throw new IllegalArgumentException(option + " needs a number, or service=number pairs such as "
						+ "order=2,inventory=2 with services customer, order, inventory, stats; not " + given);
			}
			instances.put(service, count(option, nameAndCount[1].trim(), 1, MAX_INSTANCES));
		}
		return instances;
	}

	private static int count(String option, String value, int min, int max) {
		try {
			int count = Integer.parseInt(required(option, value));
			if (count < min || count > max) {
				throw new NumberFormatException();
			}
			return count;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					option + " needs a number from " + min + " to " + max + ", not " + value + "\n" + USAGE);
		}
	}

	private static Service serviceFor(String option) {
		for (Service service : Service.values()) {
			if (service.portOption().equals(option)) {
				return service;
			}
		}
		throw new IllegalArgumentException("Unknown option " + option + "\n" + USAGE);
	}

	private static String required(String option, String value) {
		if (value == null) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return value;
	}

	private static double rate(String option, String value) {
		try {
			double rate = Double.parseDouble(required(option, value));
			if (!(rate > 0 && rate <= 1000)) {
				throw new NumberFormatException();
			}
			return rate;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a number of orders per second above 0, not " + value);
		}
	}

	private static int port(String option, String value) {
		try {
			int port = Integer.parseInt(required(option, value));
			if (port < 0 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a port number between 0 and 65535, not " + value);
		}
	}

}
