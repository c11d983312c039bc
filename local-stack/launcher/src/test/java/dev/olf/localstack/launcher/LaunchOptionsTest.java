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
	void demoTurnsOnFiveOrdersASecondAndARateImpliesDemo() {
		assertThat(LaunchOptions.parse("--demo").demoRate()).isEqualTo(5);
		assertThat(LaunchOptions.parse("--demo-rate", "20").demoRate()).isEqualTo(20);
		assertThat(LaunchOptions.parse("--demo-rate", "20", "--demo").demoRate()).isEqualTo(20);
		assertThat(LaunchOptions.parse("--demo", "--order-port", "9082").servicePorts()).containsEntry(Service.ORDER,
				9082);
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
