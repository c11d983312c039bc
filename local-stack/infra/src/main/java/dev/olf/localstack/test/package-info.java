/**
 * Spring test support: connection details of the shared test infrastructure.
 */
@NullMarked
package dev.olf.localstack.test;

import org.jspecify.annotations.NullMarked;
