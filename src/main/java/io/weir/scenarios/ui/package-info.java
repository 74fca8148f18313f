/**
 * The scenarios' pages: an index at {@code /scenarios} and one page per scenario, each with its
 * explanation, start/stop/delete for operators, its own measured figures and charts from the
 * monitor's history, redrawn every second by server push.
 */
package io.weir.scenarios.ui;
