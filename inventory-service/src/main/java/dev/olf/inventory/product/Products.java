package dev.olf.inventory.product;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

/**
 * All products. Public for the reservations, which move stock for orders.
 */
public interface Products extends JpaRepository<Product, String> {

	/**
	 * Locks products for a change of their stock. Callers that lock several lock them in
	 * sku order, so that two transactions sharing products never wait for each other in a
	 * circle.
	 * @param skus the products
	 * @return the products that exist, in sku order, locked until the transaction ends
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	List<Product> findAllBySkuInOrderBySku(Collection<String> skus);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<Product> findLockedBySku(String sku);

}
