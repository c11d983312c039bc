package dev.olf.orders.order;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface IdempotencyKeys extends JpaRepository<IdempotencyKey, String> {

	/**
	 * Claims a key for an order, unless another request claimed it first. The primary key
	 * decides, not a look-up before the insert: a concurrent claim of the same key waits
	 * here until the other transaction ends, and then this one inserts nothing. (Saving
	 * the entity instead would merge, which can turn the second claim into an update that
	 * points the key at a second order.)
	 * @param key the client's key
	 * @param requestHash the digest of the request it came with
	 * @param orderId the order placed under it
	 * @param createdAt when
	 * @return 1 if this request claimed the key, 0 if another one had
	 */
	@Modifying(flushAutomatically = true)
	@Query(value = """
			insert into idempotency_key (key, request_hash, order_id, created_at)
			values (:key, :requestHash, :orderId, :createdAt)
			on conflict (key) do nothing
			""", nativeQuery = true)
	int claim(String key, String requestHash, UUID orderId, Instant createdAt);

}
