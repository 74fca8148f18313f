package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonTest {

    @Test
    void reasonsThatDifferOnlyInNumbersIdsAndQuotedValuesFallInOneGroup() {
        assertThat(FailureReason.of("order 4711 not found")).isEqualTo(FailureReason.of("order 12 not found"))
                .isEqualTo("order # not found");
        assertThat(FailureReason.of("customer 3f2b1c9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b has no address"))
                .isEqualTo("customer <id> has no address");
        assertThat(FailureReason.of("object 5f8d0a3b9c1e2d4f missing")).isEqualTo("object <id> missing");
        assertThat(FailureReason.of("bad value 'abc' for field \"zip\"")).isEqualTo("bad value '…' for field '…'");
        assertThat(FailureReason.of("timeout  after 30.5 s")).isEqualTo("timeout after # s");
    }

    @Test
    void differentCausesStayApartAndAMissingReasonHasItsOwnGroup() {
        assertThat(FailureReason.of("order 1 not found")).isNotEqualTo(FailureReason.of("order 1 rejected"));
        assertThat(FailureReason.of(null)).isEqualTo(FailureReason.of("  ")).isEqualTo(FailureReason.UNKNOWN);
        assertThat(FailureReason.of("deadbeef is not hex-only words")).startsWith("deadbeef");
    }
}
