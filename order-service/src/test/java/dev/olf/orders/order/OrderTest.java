package dev.olf.orders.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.RecordedEvents;
import dev.olf.domain.ConflictException;
import dev.olf.events.order.OrderCancelled;
import dev.olf.events.order.OrderConfirmed;
import dev.olf.events.order.OrderLine;
import dev.olf.events.order.OrderPlaced;
import dev.olf.events.order.OrderRejected;
import dev.olf.events.order.RejectionReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrderTest {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private static final UUID CUSTOMER = UUID.randomUUID();

	static Order pendingOrder() {
		return Order.place(CUSTOMER, List.of(new Order.Line("MUG-1", 2, new BigDecimal("12.50")),
				new Order.Line("TEA-2", 1, new BigDecimal("3.99"))), NOW, NOW.plus(Duration.ofSeconds(30)));
	}

	@Test
	void placingRecordsOrderPlacedWithPricedLinesAndTheirTotal() {
		Order order = pendingOrder();

		assertThat(order.status()).isEqualTo(Order.Status.PENDING);
		assertThat(order.total()).isEqualTo(new BigDecimal("28.99"));
		assertThat(RecordedEvents.of(order)).containsExactly(
				new OrderPlaced(order.id(), CUSTOMER, List.of(new OrderLine("MUG-1", 2, new BigDecimal("12.50")),
						new OrderLine("TEA-2", 1, new BigDecimal("3.99"))), new BigDecimal("28.99")));
	}

	@Test
	void confirmsOnceStockAndCreditAreBothReservedInEitherOrder() {
		Order stockFirst = pendingOrder();
		stockFirst.stockReserved(NOW);
		assertThat(stockFirst.status()).isEqualTo(Order.Status.PENDING);
		stockFirst.creditReserved(NOW);

		Order creditFirst = pendingOrder();
		creditFirst.creditReserved(NOW);
		creditFirst.stockReserved(NOW);

		assertThat(List.of(stockFirst, creditFirst)).allSatisfy((order) -> {
			assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED);
			assertThat(RecordedEvents.of(order)).last()
				.isEqualTo(new OrderConfirmed(order.id(), CUSTOMER, new BigDecimal("28.99")));
		});
	}

	@Test
	void waitsForBothAnswersAndRejectsWithEveryReason() {
		Order order = pendingOrder();
		order.stockFailed(RejectionReason.OUT_OF_STOCK, NOW);
		assertThat(order.status()).isEqualTo(Order.Status.PENDING);

		order.creditFailed(RejectionReason.INSUFFICIENT_CREDIT, NOW);

		assertThat(order.status()).isEqualTo(Order.Status.REJECTED);
		assertThat(RecordedEvents.of(order)).last()
			.isEqualTo(new OrderRejected(order.id(), CUSTOMER,
					List.of(RejectionReason.INSUFFICIENT_CREDIT, RejectionReason.OUT_OF_STOCK)));
	}

	@Test
	void rejectsWhenOneReservesAndTheOtherFails() {
		Order order = pendingOrder();
		order.creditReserved(NOW);
		order.stockFailed(RejectionReason.UNKNOWN_PRODUCT, NOW);

		assertThat(order.status()).isEqualTo(Order.Status.REJECTED);
		assertThat(order.rejectionReasons()).containsExactly(RejectionReason.UNKNOWN_PRODUCT);
	}

	@Test
	void rejectsWithTimeoutAtTheDeadlineButNotBefore() {
		Order order = pendingOrder();
		order.stockFailed(RejectionReason.OUT_OF_STOCK, NOW);

		assertThat(order.expire(NOW.plusSeconds(29))).isFalse();
		assertThat(order.expire(NOW.plusSeconds(30))).isTrue();

		assertThat(order.status()).isEqualTo(Order.Status.REJECTED);
		assertThat(order.rejectionReasons()).containsExactlyInAnyOrder(RejectionReason.OUT_OF_STOCK,
				RejectionReason.TIMEOUT);
	}

	@Test
	void ignoresAnswersThatArriveAfterTheOrderWasDecided() {
		Order order = pendingOrder();
		order.expire(NOW.plusSeconds(31));
		int events = RecordedEvents.of(order).size();

		order.stockReserved(NOW.plusSeconds(32));
		order.creditReserved(NOW.plusSeconds(32));

		assertThat(order.status()).isEqualTo(Order.Status.REJECTED);
		assertThat(RecordedEvents.of(order)).hasSize(events);
	}

	@Test
	void cancelsAPendingOrConfirmedOrderAndSaysWhichItWas() {
		Order pending = pendingOrder();
		pending.cancel(NOW);
		Order confirmed = pendingOrder();
		confirmed.stockReserved(NOW);
		confirmed.creditReserved(NOW);
		confirmed.cancel(NOW.plusSeconds(1));

		assertThat(RecordedEvents.of(pending)).last()
			.isEqualTo(new OrderCancelled(pending.id(), CUSTOMER, new BigDecimal("28.99"), false));
		assertThat(RecordedEvents.of(confirmed)).last()
			.isEqualTo(new OrderCancelled(confirmed.id(), CUSTOMER, new BigDecimal("28.99"), true));
		assertThat(confirmed.history()).extracting(Order.StatusChange::status)
			.containsExactly(Order.Status.PENDING, Order.Status.CONFIRMED, Order.Status.CANCELLED);
	}

	@Test
	void aCancelledOrderHoldsNoRejectionReasonEvenIfAReservationHadFailed() {
		Order order = pendingOrder();
		order.stockFailed(RejectionReason.OUT_OF_STOCK, NOW);
		assertThat(order.rejectionReasons()).containsExactly(RejectionReason.OUT_OF_STOCK);

		order.cancel(NOW.plusSeconds(1));

		assertThat(order.status()).isEqualTo(Order.Status.CANCELLED);
		assertThat(order.rejectionReasons()).isEmpty();
	}

	@Test
	void refusesToCancelARejectedOrCancelledOrder() {
		Order rejected = pendingOrder();
		rejected.expire(NOW.plusSeconds(60));
		Order cancelled = pendingOrder();
		cancelled.cancel(NOW);

		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> rejected.cancel(NOW))
			.withMessageContaining("REJECTED");
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> cancelled.cancel(NOW))
			.withMessageContaining("CANCELLED");
	}

}
