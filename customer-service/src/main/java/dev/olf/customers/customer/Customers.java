package dev.olf.customers.customer;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/**
 * All customers.
 */
public interface Customers extends JpaRepository<Customer, UUID> {

	boolean existsByEmailIgnoreCase(String email);

	/**
	 * A customer whose credit is about to change, locked until the transaction ends so
	 * that concurrent reservations and limit changes see each other's effect.
	 * @param id the customer id
	 * @return the customer, if there is one
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select c from Customer c where c.id = :id")
	Optional<Customer> findForUpdate(UUID id);

}
