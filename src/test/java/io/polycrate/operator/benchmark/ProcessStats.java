package io.polycrate.operator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and memory as Linux's /proc shows them. */
record ProcessStats(long cpuMillis, long rssKib, long peakRssKib) {

    /**
     * Reads /proc/PID/stat (utime + stime of all its threads, in clock ticks of {@code ticksPerSecond}) and
     * /proc/PID/status (VmRSS, and VmHWM: the peak resident set since the process started).
     */
    static ProcessStats read(long pid, long ticksPerSecond) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        String status = Files.readString(proc.resolve("status"));
        return new ProcessStats(cpuMillis(Files.readString(proc.resolve("stat")), ticksPerSecond),
                statusKib(status, "VmRSS"), statusKib(status, "VmHWM"));
    }

    static long cpuMillis(String stat, long ticksPerSecond) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / ticksPerSecond;
    }

    static long statusKib(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalArgumentException("no " + field + " in /proc/<pid>/status");
    }
}
