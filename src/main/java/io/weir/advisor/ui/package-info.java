/**
 * The reliability advisor's page: every source's findings, worst first, with evidence, consequence
 * and fix, and, for operators, acknowledging a finding with a reason. Redrawn by server push when
 * the advisor's findings change. Package-private; given the advisor through the constructor.
 */
package io.weir.advisor.ui;
