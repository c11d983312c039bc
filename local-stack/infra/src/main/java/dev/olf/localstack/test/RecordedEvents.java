package dev.olf.localstack.test;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.util.ReflectionUtils;

/**
 * What an aggregate recorded, for tests. The events are what Spring Data hands to the
 * outbox when the repository saves the aggregate; {@link AbstractAggregateRoot} keeps
 * them behind a protected method, so tests read them here instead of every aggregate
 * opening a method of its own for them.
 */
public final class RecordedEvents {

	private RecordedEvents() {
	}

	/**
	 * @param aggregate an aggregate root
	 * @return the events it recorded since it was made or loaded, oldest first
	 */
	public static List<Object> of(AbstractAggregateRoot<?> aggregate) {
		Method domainEvents = ReflectionUtils.findMethod(AbstractAggregateRoot.class, "domainEvents");
		if (domainEvents == null) {
			throw new IllegalStateException("AbstractAggregateRoot has no domainEvents() method any more");
		}
		ReflectionUtils.makeAccessible(domainEvents);
		return List.copyOf((Collection<?>) ReflectionUtils.invokeMethod(domainEvents, aggregate));
	}

}
