/**
 * Customers: registration, credit limits and the credit they have, with the REST API.
 */
@NullMarked
package dev.olf.customers.customer;

import org.jspecify.annotations.NullMarked;
