/**
 * Event contracts shared by every service: the records, topics, CloudEvents header names
 * and the JSON mapping. Deliberately free of Spring so any consumer can depend on it.
 */
@NullMarked
package dev.olf.events;

import org.jspecify.annotations.NullMarked;
