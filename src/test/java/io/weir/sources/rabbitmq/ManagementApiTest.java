package io.weir.sources.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagementApiTest {

    @Test
    void defaultVhostIsEncodedAsOnePathSegment() {
        assertThat(ManagementApi.segment("/")).isEqualTo("%2F");
    }

    @Test
    void spacesInVhostNamesAreNotReadAsPlusSigns() {
        assertThat(ManagementApi.segment("team a+b")).isEqualTo("team%20a%2Bb");
    }
}
