package dev.olf.inventory.product;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.olf.domain.RuleViolationException;
import dev.olf.localstack.test.RecordedEvents;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProductTest {

	@Test
	void addingRecordsProductAddedWithAllStockAvailable() {
		Product product = Product.add("W-1", "Widget", new BigDecimal("12.5"), 10);

		assertThat(product.price()).isEqualTo(new BigDecimal("12.50"));
		assertThat(product.onHand()).isEqualTo(10);
		assertThat(product.available()).isEqualTo(10);
		assertThat(product.reserved()).isZero();
		assertThat(product.committed()).isZero();
		assertThat(RecordedEvents.of(product))
			.containsExactly(new ProductAdded("W-1", "Widget", new BigDecimal("12.50"), 10));
	}

	@Test
	void refusesNegativeStockOrAPriceWithMoreThanTwoDecimals() {
		assertThatIllegalArgumentException().isThrownBy(() -> Product.add("W-1", "Widget", BigDecimal.ONE, -1));
		assertThatIllegalArgumentException().isThrownBy(() -> Product.add("W-1", "Widget", new BigDecimal("1.005"), 1));
	}

	@Test
	void restockingPutsUnitsOnHandAndRecordsStockAdjusted() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(4);

		product.restock(5);

		assertThat(product.onHand()).isEqualTo(15);
		assertThat(product.available()).isEqualTo(11);
		assertThat(RecordedEvents.of(product)).last().isEqualTo(new StockAdjusted("W-1", 5, 15));
	}

	@Test
	void refusesARestockOfNothingOrBeyondWhatCanBeCounted() {
		Product product = ProductMother.withStock("W-1", 10);

		assertThatIllegalArgumentException().isThrownBy(() -> product.restock(0));
		assertThatExceptionOfType(RuleViolationException.class)
			.isThrownBy(() -> product.restock(Integer.MAX_VALUE - 9));
		assertThat(product.onHand()).isEqualTo(10);
	}

	@Test
	void changingThePriceRecordsPriceChanged() {
		Product product = ProductMother.withStock("W-1", 10);

		product.changePrice(new BigDecimal("3.1"));

		assertThat(product.price()).isEqualTo(new BigDecimal("3.10"));
		assertThat(RecordedEvents.of(product)).last().isEqualTo(new PriceChanged("W-1", new BigDecimal("3.10")));
	}

	@Test
	void settingThePriceItAlreadyHasRecordsNothing() {
		Product product = ProductMother.withStock("W-1", 10);
		int before = RecordedEvents.of(product).size();

		product.changePrice(new BigDecimal("9.990"));

		assertThat(RecordedEvents.of(product)).hasSize(before);
	}

	@Test
	void reservingMovesUnitsFromAvailableToReserved() {
		Product product = ProductMother.withStock("W-1", 10);

		product.reserve(3);

		assertThat(product.onHand()).isEqualTo(10);
		assertThat(product.reserved()).isEqualTo(3);
		assertThat(product.available()).isEqualTo(7);
	}

	@Test
	void refusesToReserveMoreThanIsAvailable() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(8);

		assertThatIllegalStateException().isThrownBy(() -> product.reserve(3))
			.withMessageContaining("only 2 available");
		assertThat(product.reserved()).isEqualTo(8);
	}

	@Test
	void committingTakesReservedUnitsOffHand() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(3);

		product.commit(3);

		assertThat(product.onHand()).isEqualTo(7);
		assertThat(product.reserved()).isZero();
		assertThat(product.committed()).isEqualTo(3);
		assertThat(product.available()).isEqualTo(7);
	}

	@Test
	void releasingMakesReservedUnitsAvailableAgain() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(3);

		product.release(3);

		assertThat(product.onHand()).isEqualTo(10);
		assertThat(product.reserved()).isZero();
		assertThat(product.available()).isEqualTo(10);
	}

	@Test
	void refusesToCommitOrReleaseMoreThanIsReserved() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(2);

		assertThatIllegalStateException().isThrownBy(() -> product.commit(3));
		assertThatIllegalStateException().isThrownBy(() -> product.release(3));
		assertThat(product.reserved()).isEqualTo(2);
		assertThat(product.onHand()).isEqualTo(10);
	}

	@Test
	void returningCommittedUnitsPutsThemBackOnHand() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(3);
		product.commit(3);

		product.returnCommitted(3);

		assertThat(product.onHand()).isEqualTo(10);
		assertThat(product.committed()).isZero();
		assertThat(product.available()).isEqualTo(10);
	}

	@Test
	void refusesToReturnMoreThanIsCommitted() {
		Product product = ProductMother.withStock("W-1", 10);
		product.reserve(3);
		product.commit(3);

		assertThatIllegalStateException().isThrownBy(() -> product.returnCommitted(4));
		assertThat(product.committed()).isEqualTo(3);
	}

	@Test
	void stockMovementsRecordNoEventsOfTheirOwn() {
		Product product = ProductMother.withStock("W-1", 10);
		int before = RecordedEvents.of(product).size();

		product.reserve(5);
		product.commit(3);
		product.release(2);
		product.returnCommitted(1);

		assertThat(RecordedEvents.of(product)).hasSize(before);
	}

}
