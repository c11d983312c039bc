/**
 * The authorization server: Spring Authorization Server with its clients from
 * configuration, a login form for people, and signing keys for the services' tokens.
 */
@NullMarked
package dev.olf.auth;

import org.jspecify.annotations.NullMarked;
