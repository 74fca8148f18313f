/** The sign-in page and the wiring of Vaadin's navigation access control to Weir's roles. */
package io.weir.security.ui;
