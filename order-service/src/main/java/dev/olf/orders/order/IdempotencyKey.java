package dev.olf.orders.order;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A client's {@code Idempotency-Key} and what it was used for: the same key with the same
 * request returns the same order.
 */
@Entity
@Table(name = "idempotency_key")
class IdempotencyKey {

	@Id
	private String key;

	private String requestHash;

	private UUID orderId;

	private Instant createdAt;

	protected IdempotencyKey() {
		// for JPA
	}

	IdempotencyKey(String key, String requestHash, UUID orderId, Instant createdAt) {
		this.key = key;
		this.requestHash = requestHash;
		this.orderId = orderId;
		this.createdAt = createdAt;
	}

	String requestHash() {
		return this.requestHash;
	}

	UUID orderId() {
		return this.orderId;
	}

}
