/**
 * What the services' REST APIs share: problem details that say what to fix, and pages.
 */
@NullMarked
package dev.olf.web;

import org.jspecify.annotations.NullMarked;
