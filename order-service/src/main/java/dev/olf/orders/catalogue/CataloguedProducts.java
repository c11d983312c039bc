package dev.olf.orders.catalogue;

import org.springframework.data.jpa.repository.JpaRepository;

interface CataloguedProducts extends JpaRepository<CataloguedProduct, String> {

}
