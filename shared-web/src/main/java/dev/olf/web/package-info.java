/**
 * What the services' REST APIs share: problem details that say what to fix, and one way
 * to page.
 */
@NullMarked
package dev.olf.web;

import org.jspecify.annotations.NullMarked;
