package dev.olf.events.order;

/**
 * Why the saga rejected an order; an order can fail for several at once.
 */
public enum RejectionReason {

	INSUFFICIENT_CREDIT, UNKNOWN_CUSTOMER, OUT_OF_STOCK, UNKNOWN_PRODUCT, TIMEOUT

}
