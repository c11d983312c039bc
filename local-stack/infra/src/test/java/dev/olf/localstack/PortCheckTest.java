package dev.olf.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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

	/**
	 * A stack stopped a moment ago leaves its connections in TIME_WAIT for a minute;
	 * nothing listens, and Kafka, PostgreSQL and Tomcat bind the port again at once.
	 */
	@Test
	void acceptsAPortWhoseLastConnectionsAreStillInTimeWait() throws IOException {
		int port;
		try (ServerSocket server = new ServerSocket()) {
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			port = server.getLocalPort();
			try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
					Socket accepted = server.accept()) {
				// The side that closes first keeps the connection in TIME_WAIT: here the
				// server's, as a broker that stops closes its clients' connections.
				accepted.close();
			}
		}

		int stopped = port;
		assertThatNoException().isThrownBy(() -> PortCheck.requireFree(stopped, "Kafka", "--kafka-port"));
	}

	@Test
	void acceptsAFreePort() {
		int port = PortCheck.freePort();

		assertThatNoException().isThrownBy(() -> PortCheck.requireFree(port, "Kafka", "--kafka-port"));
	}

}
