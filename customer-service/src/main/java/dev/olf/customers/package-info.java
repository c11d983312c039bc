/**
 * The customer service: customers and their credit.
 */
@NullMarked
package dev.olf.customers;

import org.jspecify.annotations.NullMarked;
