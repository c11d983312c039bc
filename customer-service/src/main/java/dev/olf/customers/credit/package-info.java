/**
 * The customer service's part in the order saga: credit reserved for each order, then
 * committed or given back as the order ends.
 */
@NullMarked
package dev.olf.customers.credit;

import org.jspecify.annotations.NullMarked;
