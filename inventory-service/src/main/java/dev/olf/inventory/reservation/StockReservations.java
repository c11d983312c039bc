package dev.olf.inventory.reservation;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The reservations of every order inventory has seen, by order id.
 */
interface StockReservations extends JpaRepository<StockReservation, UUID> {

}
