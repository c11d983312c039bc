package dev.olf.orders.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param deadline how long a pending order waits for both reservations
 * @param deadlineCheckInterval how often pending orders are checked against their
 * deadline
 */
@ConfigurationProperties("olf.orders")
record OrderProperties(@DefaultValue("30s") Duration deadline, @DefaultValue("1s") Duration deadlineCheckInterval) {

}
