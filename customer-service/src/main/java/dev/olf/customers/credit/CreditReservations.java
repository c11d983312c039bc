package dev.olf.customers.credit;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Credit held for orders, by order id.
 */
interface CreditReservations extends JpaRepository<CreditReservation, UUID> {

}
