package io.polycrate.operator.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void cpuIsUserPlusSystemTimeEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";
        assertThat(ProcessStats.cpuMillis(stat, 100)).isEqualTo(18_010);
        assertThat(ProcessStats.cpuMillis(stat, 250)).isEqualTo(7_204);
    }

    @Test
    void memoryComesFromTheStatusFields() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  150000 kB\n";
        assertThat(ProcessStats.statusKib(status, "VmHWM")).isEqualTo(204_800);
        assertThat(ProcessStats.statusKib(status, "VmRSS")).isEqualTo(150_000);
    }

    @Test
    void readsThisVeryProcess() throws IOException {
        ProcessStats self = ProcessStats.read(ProcessHandle.current().pid(), 100);
        assertThat(self.peakRssKib()).isGreaterThanOrEqualTo(self.rssKib()).isPositive();
    }
}
