package dev.olf.inventory.reservation;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.RecordedEvents;
import dev.olf.events.inventory.StockCommitted;
import dev.olf.events.inventory.StockLine;
import dev.olf.events.inventory.StockReleased;
import dev.olf.events.inventory.StockReservationFailed;
import dev.olf.events.inventory.StockReservationFailed.Reason;
import dev.olf.events.inventory.StockReserved;
import dev.olf.inventory.product.Product;
import dev.olf.inventory.product.ProductMother;
import dev.olf.inventory.reservation.StockReservation.Status;

import static org.assertj.core.api.Assertions.assertThat;

class StockReservationTest {

	final UUID orderId = UUID.randomUUID();

	final Product apples = ProductMother.withStock("apples", 10);

	final Product pears = ProductMother.withStock("pears", 5);

	final Map<String, Product> stock = stock(this.apples, this.pears);

	@Test
	void reservesEveryLineAddingUpASkuNamedTwice() {
		StockReservation reservation = place(line("apples", 2), line("pears", 1), line("apples", 1));

		assertThat(reservation.status()).isEqualTo(Status.RESERVED);
		assertThat(this.apples.reserved()).isEqualTo(3);
		assertThat(this.apples.onHand()).isEqualTo(10);
		assertThat(this.pears.reserved()).isEqualTo(1);
		assertThat(RecordedEvents.of(reservation))
			.containsExactly(new StockReserved(this.orderId, List.of(line("apples", 3), line("pears", 1))));
	}

	@Test
	void reservesNothingWhenAProductIsUnknown() {
		StockReservation reservation = place(line("apples", 2), line("plums", 1), line("pears", 99));

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(reservation.holdsStock()).isFalse();
		assertThat(this.apples.reserved()).isZero();
		assertThat(RecordedEvents.of(reservation))
			.containsExactly(new StockReservationFailed(this.orderId, Reason.UNKNOWN_PRODUCT, List.of("plums")));
	}

	@Test
	void reservesNothingWhenALineExceedsWhatIsAvailable() {
		this.pears.reserve(3);

		StockReservation reservation = place(line("apples", 2), line("pears", 3));

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(this.apples.reserved()).isZero();
		assertThat(this.pears.reserved()).isEqualTo(3);
		assertThat(RecordedEvents.of(reservation))
			.containsExactly(new StockReservationFailed(this.orderId, Reason.OUT_OF_STOCK, List.of("pears")));
	}

	@Test
	void countsEveryLineOfASkuAgainstWhatIsAvailable() {
		StockReservation reservation = place(line("pears", 3), line("pears", 3));

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(this.pears.reserved()).isZero();
		assertThat(RecordedEvents.of(reservation))
			.containsExactly(new StockReservationFailed(this.orderId, Reason.OUT_OF_STOCK, List.of("pears")));
	}

	@Test
	void committingTakesTheReservedStockOffHandOnce() {
		StockReservation reservation = place(line("apples", 3));

		reservation.commit(this.stock);
		reservation.commit(this.stock);

		assertThat(reservation.status()).isEqualTo(Status.COMMITTED);
		assertThat(this.apples.onHand()).isEqualTo(7);
		assertThat(this.apples.reserved()).isZero();
		assertThat(this.apples.committed()).isEqualTo(3);
		assertThat(RecordedEvents.of(reservation)).hasSize(2)
			.last()
			.isEqualTo(new StockCommitted(this.orderId, List.of(line("apples", 3))));
	}

	@Test
	void releasingMakesTheReservedStockAvailableAgainOnce() {
		StockReservation reservation = place(line("apples", 3), line("pears", 2));

		reservation.release(this.stock);
		reservation.release(this.stock);

		assertThat(reservation.status()).isEqualTo(Status.RELEASED);
		assertThat(reservation.holdsStock()).isFalse();
		assertThat(this.apples.available()).isEqualTo(10);
		assertThat(this.pears.available()).isEqualTo(5);
		assertThat(RecordedEvents.of(reservation)).hasSize(2)
			.last()
			.isEqualTo(new StockReleased(this.orderId, List.of(line("apples", 3), line("pears", 2))));
	}

	@Test
	void cancellingAHeldReservationReleasesIt() {
		StockReservation reservation = place(line("apples", 3));

		reservation.cancel(this.stock);

		assertThat(reservation.status()).isEqualTo(Status.RELEASED);
		assertThat(this.apples.reserved()).isZero();
		assertThat(this.apples.onHand()).isEqualTo(10);
		assertThat(RecordedEvents.of(reservation)).last()
			.isEqualTo(new StockReleased(this.orderId, List.of(line("apples", 3))));
	}

	@Test
	void cancellingACommittedReservationPutsItsStockBackOnHandOnce() {
		StockReservation reservation = place(line("apples", 3));
		reservation.commit(this.stock);

		reservation.cancel(this.stock);
		reservation.cancel(this.stock);

		assertThat(reservation.status()).isEqualTo(Status.RETURNED);
		assertThat(this.apples.onHand()).isEqualTo(10);
		assertThat(this.apples.committed()).isZero();
		assertThat(RecordedEvents.of(reservation)).hasSize(3)
			.last()
			.isEqualTo(new StockReleased(this.orderId, List.of(line("apples", 3))));
	}

	@Test
	void rejectingACommittedReservationChangesNothing() {
		StockReservation reservation = place(line("apples", 3));
		reservation.commit(this.stock);

		reservation.release(this.stock);

		assertThat(reservation.status()).isEqualTo(Status.COMMITTED);
		assertThat(this.apples.committed()).isEqualTo(3);
		assertThat(RecordedEvents.of(reservation)).hasSize(2);
	}

	@Test
	void aFailedReservationHasNothingToCommitReleaseOrGiveBack() {
		StockReservation reservation = place(line("apples", 11));

		reservation.commit(this.stock);
		reservation.release(this.stock);
		reservation.cancel(this.stock);

		assertThat(reservation.status()).isEqualTo(Status.FAILED);
		assertThat(this.apples.onHand()).isEqualTo(10);
		assertThat(this.apples.reserved()).isZero();
		assertThat(this.apples.committed()).isZero();
		assertThat(RecordedEvents.of(reservation)).hasSize(1);
	}

	private StockReservation place(StockLine... lines) {
		Map<String, Product> known = Arrays.stream(lines)
			.map(StockLine::sku)
			.filter(this.stock::containsKey)
			.distinct()
			.collect(Collectors.toMap(Function.identity(), this.stock::get));
		return StockReservation.place(this.orderId, List.of(lines), known, Instant.now());
	}

	private static StockLine line(String sku, int quantity) {
		return new StockLine(sku, quantity);
	}

	private static Map<String, Product> stock(Product... products) {
		return Arrays.stream(products).collect(Collectors.toMap(Product::sku, Function.identity()));
	}

}
