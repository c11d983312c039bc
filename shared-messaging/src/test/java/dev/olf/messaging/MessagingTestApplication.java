package dev.olf.messaging;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A service with nothing but the messaging library, for its integration tests.
 */
@SpringBootApplication
public class MessagingTestApplication {

}
