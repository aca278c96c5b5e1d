package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void theLastNonBlankLineStripped() {
        assertThat(OutputTail.lastLine("one\n  two  \n\n \t\n")).isEqualTo("two");
        assertThat(OutputTail.lastLine("only")).isEqualTo("only");
        assertThat(OutputTail.lastLine("a\r\nb\r\n")).isEqualTo("b");
    }

    @Test
    void nothingForNoOutput() {
        assertThat(OutputTail.lastLine(null)).isNull();
        assertThat(OutputTail.lastLine("")).isNull();
        assertThat(OutputTail.lastLine(" \n\n")).isNull();
    }

    @Test
    void aLongLineIsCutWithAnEllipsis() {
        String cut = OutputTail.lastLine("x".repeat(1000));

        assertThat(cut).hasSize(OutputTail.MAX_LINE).endsWith("x...");
        assertThat(OutputTail.lastLine("y".repeat(OutputTail.MAX_LINE))).isEqualTo("y".repeat(OutputTail.MAX_LINE));
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String line = "x".repeat(OutputTail.MAX_LINE - 4) + "🚀🚀🚀";

        String cut = OutputTail.lastLine(line);

        assertThat(cut).isEqualTo("x".repeat(OutputTail.MAX_LINE - 4) + "...");
    }
}
