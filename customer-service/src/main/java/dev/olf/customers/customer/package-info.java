/**
 * Customers: registration and credit, with the REST API and the saga handlers that
 * reserve, commit and release credit for orders.
 */
@NullMarked
package dev.olf.customers.customer;

import org.jspecify.annotations.NullMarked;
