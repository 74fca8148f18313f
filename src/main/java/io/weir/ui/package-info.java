/**
 * The application shell: the app-shell configuration (push, theme), the main layout with its
 * navigation, and components shared by every feature's views. Views themselves live in their
 * feature's {@code ui} sub-package.
 */
package io.weir.ui;
