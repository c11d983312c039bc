package dev.olf.customers.customer;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * All customers.
 */
interface Customers extends JpaRepository<Customer, UUID> {

	boolean existsByEmailIgnoreCase(String email);

}
