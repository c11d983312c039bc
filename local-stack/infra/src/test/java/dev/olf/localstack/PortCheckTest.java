package dev.olf.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PortCheckTest {

	@Test
	void namesThePortWhatWantedItAndTheOptionThatMovesIt() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			assertThatExceptionOfType(PortCheck.PortInUseException.class)
				.isThrownBy(() -> PortCheck.requireFree(taken.getLocalPort(), "Kafka", "--kafka-port"))
				.withMessageContaining("Port " + taken.getLocalPort())
				.withMessageContaining("Kafka")
				.withMessageContaining("--kafka-port=<port>");
		}
	}

	@Test
	void acceptsAFreePort() {
		int port = PortCheck.freePort();

		assertThatNoException().isThrownBy(() -> PortCheck.requireFree(port, "Kafka", "--kafka-port"));
	}

}
