package dev.olf.localstack.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LaunchOptionsTest {

	@Test
	void startsWithoutDemoTrafficOnTheDefaultPorts() {
		LaunchOptions options = LaunchOptions.parse();

		assertThat(options.demoRate()).isZero();
		assertThat(options.kafkaPort()).isEqualTo(9092);
		assertThat(options.postgresPort()).isEqualTo(5432);
		assertThat(options.servicePorts()).containsEntry(Service.STATS, 8084);
		assertThat(options.dataDirectory().getFileName()).hasToString(".local-stack");
	}

	@Test
	void listensOnTheLoopbackAddressUnlessToldOtherwise() {
		assertThat(LaunchOptions.parse().bindAddress()).isEqualTo("127.0.0.1");
		assertThat(LaunchOptions.parse().connectHost()).isEqualTo("127.0.0.1");
		LaunchOptions everywhere = LaunchOptions.parse("--bind-address", "0.0.0.0");
		assertThat(everywhere.bindAddress()).isEqualTo("0.0.0.0");
		assertThat(everywhere.connectHost()).isEqualTo("127.0.0.1");
		assertThat(LaunchOptions.parse("--bind-address", "192.168.1.20").connectHost()).isEqualTo("192.168.1.20");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--bind-address", "1.2.3.4 -x"))
			.withMessageContaining("--bind-address");
		assertThat(LaunchOptions.USAGE).contains("--bind-address ADDR",
				"127.0.0.1: nothing is reachable from other machines");
	}

	@Test
	void demoTurnsOnFiveOrdersASecondAndARateImpliesDemo() {
		assertThat(LaunchOptions.parse("--demo").demoRate()).isEqualTo(5);
		assertThat(LaunchOptions.parse("--demo-rate", "20").demoRate()).isEqualTo(20);
		assertThat(LaunchOptions.parse("--demo-rate", "20", "--demo").demoRate()).isEqualTo(20);
		assertThat(LaunchOptions.parse("--demo", "--order-port", "9082").servicePorts()).containsEntry(Service.ORDER,
				9082);
	}

	@Test
	void runsOneInstanceOfEachServiceUnlessToldOtherwise() {
		LaunchOptions options = LaunchOptions.parse();

		for (Service service : Service.values()) {
			assertThat(options.instancesOf(service)).isOne();
			assertThat(options.nameOf(service, 1)).isEqualTo(service.module());
			assertThat(options.portOf(service, 1)).isEqualTo(service.defaultPort());
		}
	}

	@Test
	void instancesOfEveryServiceListenOnTheirPortPlusAStepEach() {
		LaunchOptions options = LaunchOptions.parse("--instances", "3");

		for (Service service : Service.apis()) {
			assertThat(options.instancesOf(service)).isEqualTo(3);
		}
		assertThat(options.instancesOf(Service.AUTH)).as("one authorization server").isOne();
		assertThat(options.portOf(Service.ORDER, 1)).isEqualTo(8082);
		assertThat(options.portOf(Service.ORDER, 2)).isEqualTo(8182);
		assertThat(options.portOf(Service.ORDER, 3)).isEqualTo(8282);
		assertThat(options.nameOf(Service.ORDER, 2)).isEqualTo("order-service-2");
		assertThat(options.nameOf(Service.STATS, 3)).isEqualTo("olf-stats-service-3");
	}

	@Test
	void runsOneAuthorizationServerOnItsOwnPort() {
		assertThat(LaunchOptions.parse("--auth-port", "19000").portOf(Service.AUTH, 1)).isEqualTo(19000);
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--instances", "auth=2"))
			.withMessageContaining("customer, order, inventory, stats");
	}

	@Test
	void instancesOfSomeServicesOnPortsOfOwnChoosing() {
		LaunchOptions options = LaunchOptions.parse("--instances", "order=2,inventory=3", "--instance-port-step", "10",
				"--inventory-port", "9300");

		assertThat(options.instancesOf(Service.CUSTOMER)).isOne();
		assertThat(options.instancesOf(Service.ORDER)).isEqualTo(2);
		assertThat(options.instancesOf(Service.INVENTORY)).isEqualTo(3);
		assertThat(options.instancesOf(Service.STATS)).isOne();
		assertThat(options.portOf(Service.ORDER, 2)).isEqualTo(8092);
		assertThat(options.portOf(Service.INVENTORY, 3)).isEqualTo(9320);
		assertThat(options.nameOf(Service.CUSTOMER, 1)).isEqualTo("customer-service");
	}

	@Test
	void refusesInstancesItCannotRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--instances", "0"))
			.withMessageContaining("--instances needs a number from 1 to 10, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--instances", "colour=2"))
			.withMessageContaining("services customer, order, inventory, stats");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LaunchOptions.parse("--instances", "2", "--instance-port-step", "1"))
			.withMessageContaining("Port 8082 would be used by both customer-service-2 and order-service-1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LaunchOptions.parse("--instances", "order=2", "--order-port", "65500"))
			.withMessageContaining("Port 65600 of order-service-2 is beyond 65535");
	}

	@Test
	void helpNamesEveryOption() {
		assertThat(LaunchOptions.USAGE).contains("--instances N", "--instances order=2,inventory=2",
				"--instance-port-step N", "--demo-rate N", "--data-dir DIR");
	}

	@Test
	void explainsWhatIsWrongWithAnOption() {
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--kafka-port", "ninety"))
			.withMessageContaining("--kafka-port needs a port number");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--demo-rate", "0"))
			.withMessageContaining("--demo-rate needs a number of orders per second");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--colour", "blue"))
			.withMessageContaining("Unknown option --colour")
			.withMessageContaining("Usage: local-stack");
	}

}
