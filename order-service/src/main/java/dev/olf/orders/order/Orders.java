package dev.olf.orders.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface Orders extends JpaRepository<Order, UUID>, JpaSpecificationExecutor<Order> {

	/**
	 * Loads an order to change it; answers of the two participants arrive on different
	 * topics at the same time, and the lock makes the second wait instead of failing.
	 * @param id the order id
	 * @return the order, locked until the transaction ends
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select o from Order o where o.id = :id")
	Optional<Order> findForUpdate(UUID id);

	/**
	 * Applies a saga answer to an order, if the order exists: loads it locked, changes
	 * it, and saves it so that the events it recorded reach the outbox.
	 * @param id the order id
	 * @param change the transition
	 */
	default void change(UUID id, Consumer<Order> change) {
		findForUpdate(id).ifPresent((order) -> {
			change.accept(order);
			save(order);
		});
	}

	/**
	 * Pending orders past their deadline that no other instance is handling right now.
	 * @param now the time
	 * @param limit how many
	 * @return locked orders
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
	@Query("select o from Order o where o.status = dev.olf.orders.order.Order.Status.PENDING and o.deadline < :now order by o.deadline")
	List<Order> findExpired(Instant now, Limit limit);

}
