package dev.olf.messaging.deadletter;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.olf.domain.ConflictException;
import dev.olf.domain.NotFoundException;
import dev.olf.web.PageView;
import dev.olf.web.SortBy;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's pending dead letters, and their replay to the listeners that failed on
 * them.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterController {

	private final DeadLetters deadLetters;

	private final DeadLetterMonitor monitor;

	DeadLetterController(DeadLetters deadLetters, DeadLetterMonitor monitor) {
		this.deadLetters = deadLetters;
		this.monitor = monitor;
	}

	/**
	 * Dead letters not replayed yet, oldest first unless asked otherwise.
	 */
	@GetMapping
	PageView<DeadLetterView> list(@PageableDefault(size = 20, sort = "deadLetteredAt") @SortBy(value = "deadLetteredAt",
			then = "id") Pageable pageable) {
		List<DeadLetterView> all = this.deadLetters.pending()
			.stream()
			.map(DeadLetterView::of)
			.sorted(order(pageable.getSort()))
			.toList();
		int from = (int) Math.min(pageable.getOffset(), all.size());
		int to = Math.min(from + pageable.getPageSize(), all.size());
		return PageView.of(new PageImpl<>(all.subList(from, to), pageable, all.size()), (view) -> view);
	}

	@PostMapping("/{id}/replay")
	DeadLetters.Replay replay(@PathVariable String id) {
		DeadLetter deadLetter = this.deadLetters.find(id)
			.orElseThrow(() -> new NotFoundException("No dead letter " + id + " in this service's dead-letter topics"));
		if (deadLetter.replayed()) {
			throw new ConflictException("Dead letter " + id + " was replayed already");
		}
		DeadLetters.Replay replay = this.deadLetters.replay(deadLetter)
			.orElseThrow(() -> new ConflictException("Dead letter " + id + " was replayed already"));
		this.monitor.refresh();
		return replay;
	}

	@PostMapping("/replay")
	ReplayedAll replayAll() {
		List<DeadLetters.Replay> replays = this.deadLetters.replayAll();
		this.monitor.refresh();
		return new ReplayedAll(replays.size(), replays);
	}

	private static Comparator<DeadLetterView> order(Sort sort) {
		Comparator<DeadLetterView> order = null;
		for (Sort.Order by : sort) {
			Comparator<DeadLetterView> next = "id".equals(by.getProperty()) ? Comparator.comparing(DeadLetterView::id)
					: Comparator.comparing(DeadLetterView::deadLetteredAt);
			next = by.isDescending() ? next.reversed() : next;
			order = (order != null) ? order.thenComparing(next) : next;
		}
		return (order != null) ? order : Comparator.comparing(DeadLetterView::deadLetteredAt);
	}

	/**
	 * A dead letter as the API shows it.
	 *
	 * @param id {@code <dead-letter topic>-<partition>-<offset>}, for replaying it
	 * @param topic the topic it was consumed from: the listener's topic, or its replay
	 * topic for a replayed record that failed again
	 * @param partition its partition there
	 * @param offset its offset there
	 * @param consumerGroup the group that failed on it
	 * @param key the record key, the aggregate id
	 * @param eventId its {@code ce_id}
	 * @param eventType its {@code ce_type}
	 * @param reason why, e.g. {@code unreadable-payload}
	 * @param exception the exception class
	 * @param message the exception message
	 * @param deadLetteredAt when it was dead-lettered
	 * @param replayedFrom the id of the dead letter it is a failed replay of, if it is
	 * one
	 */
	record DeadLetterView(String id, @Nullable String topic, @Nullable Integer partition, @Nullable Long offset,
			@Nullable String consumerGroup, @Nullable String key, @Nullable String eventId, @Nullable String eventType,
			@Nullable String reason, @Nullable String exception, @Nullable String message, Instant deadLetteredAt,
			@Nullable String replayedFrom) {

		static DeadLetterView of(DeadLetter letter) {
			return new DeadLetterView(letter.id(), letter.originalTopic(), letter.originalPartition(),
					letter.originalOffset(), letter.consumerGroup(), letter.key(), letter.eventId(), letter.eventType(),
					letter.reason(), letter.exception(), letter.exceptionMessage(), letter.deadLetteredAt(),
					letter.text(DeadLetters.REPLAYED_FROM_HEADER));
		}

	}

	/**
	 * @param replayed how many dead letters were replayed
	 * @param replays each of them
	 */
	record ReplayedAll(int replayed, List<DeadLetters.Replay> replays) {
	}

}
