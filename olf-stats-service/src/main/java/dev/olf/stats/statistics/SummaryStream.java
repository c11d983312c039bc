package dev.olf.stats.statistics;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events: the summary when a client connects, then at most once a second
 * while anything changes.
 */
@RestController
class SummaryStream {

	private final Statistics statistics;

	private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();

	private volatile @Nullable Summary last;

	SummaryStream(Statistics statistics) {
		this.statistics = statistics;
	}

	@GetMapping(path = "/api/stats/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() {
		SseEmitter client = new SseEmitter(0L);
		client.onCompletion(() -> this.clients.remove(client));
		client.onTimeout(() -> this.clients.remove(client));
		client.onError((ex) -> this.clients.remove(client));
		Summary current = this.statistics.summary();
		if (send(client, current)) {
			this.clients.add(client);
		}
		return client;
	}

	Summary latest() {
		Summary current = this.last;
		return (current != null) ? current : this.statistics.summary();
	}

	void publishIfChanged() {
		Summary current = this.statistics.summary();
		if (Objects.equals(current, this.last)) {
			return;
		}
		this.last = current;
		this.clients.forEach((client) -> {
			if (!send(client, current)) {
				this.clients.remove(client);
			}
		});
	}

	/**
	 * Ends every stream when the application shuts down: an open stream is an active
	 * request, and graceful shutdown would otherwise wait its full timeout for it.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.clients.forEach(SseEmitter::complete);
		this.clients.clear();
	}

	private static boolean send(SseEmitter client, Summary summary) {
		try {
			client.send(SseEmitter.event().name("summary").data(summary, MediaType.APPLICATION_JSON));
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			client.completeWithError(ex);
			return false;
		}
	}

}
