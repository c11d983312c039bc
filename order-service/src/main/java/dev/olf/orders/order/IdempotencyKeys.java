package dev.olf.orders.order;

import org.springframework.data.jpa.repository.JpaRepository;

interface IdempotencyKeys extends JpaRepository<IdempotencyKey, String> {

}
