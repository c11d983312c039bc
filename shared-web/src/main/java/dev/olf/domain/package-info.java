/**
 * How domain code refuses a request: one exception per kind of refusal, free of HTTP.
 * {@code shared-web}'s {@code ProblemDetailsAdvice} maps each kind to its status once, so
 * aggregates, listeners and services never name a status code.
 */
@NullMarked
package dev.olf.domain;

import org.jspecify.annotations.NullMarked;
