package dev.olf.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Fails early, and says what to do, when a port is taken; a bind error deep inside a
 * broker's log is much harder to act on.
 */
public final class PortCheck {

	private PortCheck() {
	}

	/**
	 * Checks that nothing listens on a loopback port.
	 * @param port the port
	 * @param what what wants the port, for the message
	 * @param optionHint the option that changes the port, for the message
	 * @throws PortInUseException if the port is taken
	 */
	public static void requireFree(int port, String what, String optionHint) {
		if (!isFree(port)) {
			throw new PortInUseException("Port " + port + " for " + what
					+ " is already in use. Stop whatever listens on it, or choose another port with " + optionHint
					+ "=<port>.");
		}
	}

	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			// As the servers bind: connections of a stack stopped a moment ago, in
			// TIME_WAIT for a minute, do not keep a port taken; only a listener does.
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A port that was free a moment ago, for tests and internal listeners.
	 * @return a port number
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port on the loopback interface", ex);
		}
	}

	public static class PortInUseException extends IllegalStateException {

		PortInUseException(String message) {
			super(message);
		}

	}

}
