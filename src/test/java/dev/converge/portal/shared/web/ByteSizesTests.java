package dev.converge.portal.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTests {

    @Test
    void sizesReadInBinaryUnitsWithOneDecimal() {
        assertThat(ByteSizes.readable(0)).isEqualTo("0 B");
        assertThat(ByteSizes.readable(1023)).isEqualTo("1023 B");
        assertThat(ByteSizes.readable(1024)).isEqualTo("1.0 KiB");
        assertThat(ByteSizes.readable(7000)).isEqualTo("6.8 KiB");
        assertThat(ByteSizes.readable(2_097_152)).isEqualTo("2.0 MiB");
        assertThat(ByteSizes.readable(5L * 1024 * 1024 * 1024 + 1)).isEqualTo("5.0 GiB");
        assertThat(ByteSizes.readable(3L << 40)).isEqualTo("3.0 TiB");
    }

    @Test
    void anUnknownSizeReadsAsNothing() {
        assertThat(ByteSizes.readable(-1)).isEmpty();
    }
}
