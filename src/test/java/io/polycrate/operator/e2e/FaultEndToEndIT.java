package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * Faults during runs, on the sandbox: the operator's JVM SIGKILLed at random moments during 50 runs of 10 steps,
 * the kube-apiserver stopped for 10 s twice, etcd stopped and started again (its data kept). After each, every
 * run must have Succeeded with exactly one Job per step, each step's transaction the one its Job is labelled
 * with, no transaction twice. The figures (kills, outages, outcome counts, durations) are printed and appended
 * to target/e2e/faults.txt.
 *
 * <p>
 * Opt-in, as it takes about 10 minutes:
 * {@code mvn -B verify -Dit.test=FaultEndToEndIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}; part of
 * every {@code mvn -B verify} (about 10 minutes), left out with {@code -Dfaults=false}.
 * The kill moments and kinds come from a seeded {@link Random}; each test prints its seed, and
 * {@code -Dfaults.seed=<seed>} replays it.
 */
@DisabledIfSystemProperty(named = "faults", matches = "false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultEndToEndIT extends EndToEndTest {
    private static final String WORKSPACE = "faults";
    private static final String WORKFLOW = "ten";
    private static final int STEPS = 10;
    private static final Set<String> TERMINAL = Set.of("Succeeded", "Failed", "Cancelled");
    private static final Path FIGURES = Sandbox.LOGS.resolve("faults.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs and SIGKILLs of the first test; the runs are created in batches, one batch before each kill. */
    private static final int KILL_TEST_RUNS = 50;
    private static final int KILLS = 12;
    /**
     * Each kill comes 1 to 12 s after the operator leads again and a new batch of runs was created: a run takes
     * at least 18 s here, so the new batch is still going on.
     */
    private static final int KILL_DELAY_MIN_MS = 1_000;
    private static final int KILL_DELAY_MAX_MS = 12_000;
    /**
     * A pod whose operator container has restarted this often is deleted after its next kill, and the
     * Deployment's new pod takes its place: the kubelet waits 10 s, 20 s, 40 s, 80 s, ... before restarting a
     * container that keeps dying, which would make later kills wait on back-off rather than test anything.
     */
    private static final int RESTARTS_BEFORE_REPLACING = 3;

    /** Runs of the API server and etcd tests. */
    private static final int OUTAGE_TEST_RUNS = 20;
    private static final Duration API_SERVER_STOPPED = Duration.ofSeconds(10);

    private long seed;
    private Random random;
    private Instant started;
    private String testName;

    /** One SIGKILL: whose JVMs, how many runs were going on, how long until a new process held the Lease. */
    record Kill(int index, String victims, int runsInFlight, Duration takeover, int podsReplaced) {
    }

    /** One stop of a control-plane component: how long from the stop until it answered again. */
    record Outage(String component, int runsInFlight, Duration down, Duration stopping) {
    }

    /** What the runs came to. */
    record Outcome(Map<String, Integer> runPhases, Map<String, Integer> stepPhases, int jobs, int transactions,
            List<Duration> runDurations, Duration longestPauseBetweenJobs, double jobsPerSecond) {
    }

    @BeforeEach
    void seeded(TestInfo test) {
        testName = test.getTestMethod().orElseThrow().getName();
        seed = Long.getLong("faults.seed", System.nanoTime());
        random = new Random(seed);
        started = Instant.now();
        System.out.printf("%s: seed %d (replay with -Dfaults.seed=%d)%n", testName, seed, seed);
    }

    /** Every component runs again and the operator leads, so that the next test (of any class) finds them. */
    @AfterEach
    void sandboxLeftHealthy() throws Exception {
        for (String component : List.of("etcd", "kube-apiserver")) {
            sandboxCommand("start", component).ok(); // says "already runs" where it does
        }
        ChartOperator chart = sandbox.chart();
        if (chart != null) {
            chart.k("rollout", "status", "deployment/" + ChartOperator.DEPLOYMENT, "--timeout=300s").ok();
            awaitLeading(chart, Instant.now());
        }
    }

    @Test
    @Order(1)
    void everyRunSucceedsWithOneJobPerStepWhileTheOperatorIsSigkilledAtRandomMoments() throws Exception {
        applyWorkspace();
        List<String> runs = new ArrayList<>();
        List<Kill> kills = new ArrayList<>();
        try {
            for (int k = 0; k < KILLS; k++) {
                for (int i = KILL_TEST_RUNS * k / KILLS; i < KILL_TEST_RUNS * (k + 1) / KILLS; i++) {
                    runs.add(createRun(WORKSPACE, WORKFLOW, false));
                }
                Thread.sleep(KILL_DELAY_MIN_MS + random.nextInt(KILL_DELAY_MAX_MS - KILL_DELAY_MIN_MS));
                kills.add(kill(k, runs));
            }
            awaitAllEnded(runs, Duration.ofMinutes(15));
            Outcome outcome = assertEveryRunSucceededWithOneJobPerStep(runs);

            assertThat(kills).as("kills while runs were going on").filteredOn(k -> k.runsInFlight() > 0)
                    .hasSizeGreaterThanOrEqualTo(10);
            Map<String, Long> byVictims = kills.stream()
                    .collect(Collectors.groupingBy(Kill::victims, TreeMap::new, Collectors.counting()));
            List<Duration> takeovers = kills.stream().map(Kill::takeover).filter(Objects::nonNull).toList();
            report("SIGKILL", "%d runs x %d steps; %d SIGKILLs %s, %d pods replaced after %d restarts; a new "
                    + "process held the Lease %s after a leader's kill; runs in flight at the kills %s; %s",
                    runs.size(), STEPS, kills.size(), byVictims, kills.stream().mapToInt(Kill::podsReplaced).sum(),
                    RESTARTS_BEFORE_REPLACING, spread(takeovers),
                    kills.stream().map(k -> String.valueOf(k.runsInFlight())).collect(Collectors.joining(",")),
                    describe(outcome));
        } catch (Throwable failure) {
            saveEvidence();
            throw failure;
        }
    }

    @Test
    @Order(2)
    void everyRunSucceedsWithOneJobPerStepWhenTheApiServerStopsForTenSecondsTwice() throws Exception {
        applyWorkspace();
        List<String> runs = new ArrayList<>();
        List<Outage> outages = new ArrayList<>();
        try {
            for (int i = 0; i < OUTAGE_TEST_RUNS; i++) {
                runs.add(createRun(WORKSPACE, WORKFLOW, false));
            }
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> jobCount() >= OUTAGE_TEST_RUNS);
            Map<String, Integer> restartsBefore = operatorRestarts();
            for (int o = 0; o < 2; o++) {
                if (o > 0) {
                    Thread.sleep(5_000 + random.nextInt(15_000));
                }
                Outage outage = outage("kube-apiserver", API_SERVER_STOPPED, runs);
                outages.add(outage);
                if (sandbox.chart() != null) {
                    awaitLeading(sandbox.chart(), Instant.now());
                }
            }
            awaitAllEnded(runs, Duration.ofMinutes(10));
            Outcome outcome = assertEveryRunSucceededWithOneJobPerStep(runs);

            assertThat(outages).as("outages while runs were going on").allMatch(o -> o.runsInFlight() > 0);
            report("API server", "%d runs x %d steps; kube-apiserver stopped %d times for %d s: %s; operator "
                    + "container restarts %s; %s", runs.size(), STEPS, outages.size(),
                    API_SERVER_STOPPED.toSeconds(), describe(outages), restartsSince(restartsBefore),
                    describe(outcome));
        } catch (Throwable failure) {
            saveEvidence();
            throw failure;
        }
    }

    @Test
    @Order(3)
    void everyRunSucceedsWithOneJobPerStepWhenEtcdIsRestarted() throws Exception {
        applyWorkspace();
        List<String> runs = new ArrayList<>();
        try {
            for (int i = 0; i < OUTAGE_TEST_RUNS; i++) {
                runs.add(createRun(WORKSPACE, WORKFLOW, false));
            }
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> jobCount() >= OUTAGE_TEST_RUNS);
            Map<String, Integer> restartsBefore = operatorRestarts();
            Outage outage = outage("etcd", Duration.ofMillis(10_000 + random.nextInt(10_000)), runs);
            awaitAllEnded(runs, Duration.ofMinutes(10));
            Outcome outcome = assertEveryRunSucceededWithOneJobPerStep(runs);

            assertThat(outage.runsInFlight()).as("runs going on when etcd stopped").isPositive();
            report("etcd", "%d runs x %d steps; etcd stopped and started again (data kept): %s; operator "
                    + "container restarts %s; %s", runs.size(), STEPS, describe(List.of(outage)),
                    restartsSince(restartsBefore), describe(outcome));
        } catch (Throwable failure) {
            saveEvidence();
            throw failure;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Faults

    /**
     * SIGKILL at a random moment. Where the chart installed the operator (two replicas, leader election): the
     * leader's JVM (70 %), the standby's (15 %) or both (15 %), as a crash would, and Kubernetes restarts the
     * container; after a leader's kill, waits until a new process holds the Lease. Without the real node the
     * operator is one process, which is killed and started again at once.
     */
    private Kill kill(int index, List<String> runs) throws Exception {
        int inFlight = inFlight(runs);
        ChartOperator chart = sandbox.chart();
        Instant at = Instant.now();
        if (chart == null) {
            sandbox.killOperator();
            sandbox.startOperator();
            return logged(new Kill(index, "process", inFlight, Duration.between(at, Instant.now()), 0));
        }
        String holder = chart.holder();
        String leader = ChartOperator.podOf(holder);
        List<String> standbys = new ArrayList<>();
        for (String pod : chart.pods()) {
            if (!pod.equals(leader) && !ChartOperator.javaProcessesOf(pod).isEmpty()) {
                standbys.add(pod);
            }
        }
        double pick = random.nextDouble();
        List<String> victims = new ArrayList<>();
        String kind;
        if (pick < 0.15 && !standbys.isEmpty()) {
            kind = "standby";
            victims.add(standbys.get(0));
        } else if (pick < 0.30 && !standbys.isEmpty()) {
            kind = "leader+standby";
            victims.add(leader);
            victims.addAll(standbys);
        } else {
            kind = "leader";
            victims.add(leader);
        }
        int replaced = 0;
        at = Instant.now();
        for (String pod : victims) {
            int restarts = restartCount(chart, pod);
            chart.kill(pod);
            if (restarts >= RESTARTS_BEFORE_REPLACING) {
                chart.k("delete", "pod", pod, "--wait=false").ok();
                replaced++;
            }
        }
        Duration takeover = null;
        if (victims.contains(leader)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(chart::holder, h -> !h.isEmpty() && !h.equals(holder));
            takeover = Duration.between(at, Instant.now());
        }
        return logged(new Kill(index, kind, inFlight, takeover, replaced));
    }

    private static Kill logged(Kill kill) {
        System.out.printf("kill %d: %s SIGKILLed with %d runs in flight%s%s%n", kill.index() + 1, kill.victims(),
                kill.runsInFlight(), kill.takeover() == null ? "" : "; new Lease holder after " + seconds(kill.takeover()),
                kill.podsReplaced() == 0 ? "" : "; " + kill.podsReplaced() + " pod(s) replaced");
        return kill;
    }

    /**
     * Stops the component (sandbox/polycrate-sandbox stop) and starts it again that long after the stop began
     * (or once it has exited, if that takes longer): the kube-apiserver stops serving at the first SIGTERM but
     * its process lingers for the 5 s until the second, etcd takes some 9 s to stop.
     */
    private Outage outage(String component, Duration stoppedFor, List<String> runs) throws Exception {
        int inFlight = inFlight(runs);
        Instant at = Instant.now();
        sandboxCommand("stop", component).ok();
        Duration stopping = Duration.between(at, Instant.now());
        Thread.sleep(Math.max(0, stoppedFor.minus(stopping).toMillis()));
        sandboxCommand("start", component).ok();
        Outage outage = new Outage(component, inFlight, Duration.between(at, Instant.now()), stopping);
        System.out.printf("%s stopped with %d runs in flight: down %s (stopping took %s)%n", component,
                inFlight, seconds(outage.down()), seconds(outage.stopping()));
        return outage;
    }

    private Result sandboxCommand(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Sandbox.SCRIPT.toString()));
        command.addAll(List.of(args));
        return sandbox.script(Duration.ofMinutes(3), command.toArray(String[]::new));
    }

    /** Waits until a live process leads: the Lease renewed after that instant. */
    private static void awaitLeading(ChartOperator chart, Instant after) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String renewed = chart.k("get", "lease", ChartOperator.LEASE, "--request-timeout=10s", "-o",
                    "jsonpath={.spec.renewTime}").out().strip();
            return !renewed.isEmpty() && Instant.parse(renewed).isAfter(after);
        });
    }

    private static int restartCount(ChartOperator chart, String pod) throws Exception {
        String count = chart.k("get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].restartCount}").ok()
                .out().strip();
        return count.isEmpty() ? 0 : Integer.parseInt(count);
    }

    /** Restart count of each operator pod (empty where the operator is a process). */
    private Map<String, Integer> operatorRestarts() throws Exception {
        Map<String, Integer> restarts = new TreeMap<>();
        ChartOperator chart = sandbox.chart();
        if (chart != null) {
            for (String pod : chart.pods()) {
                restarts.put(pod, restartCount(chart, pod));
            }
        }
        return restarts;
    }

    /** Container restarts of the operator pods since then, per pod (a pod new since then counts all its own). */
    private String restartsSince(Map<String, Integer> before) throws Exception {
        Map<String, Integer> now = operatorRestarts();
        Map<String, Integer> since = new TreeMap<>();
        now.forEach((pod, count) -> since.put(pod, count - before.getOrDefault(pod, 0)));
        return sandbox.chart() == null ? "(the operator is a process here)" : since.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Runs

    private void applyWorkspace() throws Exception {
        k("apply", "-f", RESOURCES.resolve("fault-steps.yaml").toString()).ok();
        awaitValue("pws/" + WORKSPACE, "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
    }

    /** Phase of every run in the namespace (empty phase: none yet), or null while the API server does not answer. */
    private Map<String, String> phases() throws Exception {
        Result result = k("get", "pwr", "--request-timeout=10s", "-o",
                "jsonpath={range .items[*]}{.metadata.name}{\"=\"}{.status.phase}{\"\\n\"}{end}");
        if (result.exitCode() != 0) {
            return null;
        }
        Map<String, String> phases = new HashMap<>();
        result.out().lines().filter(l -> l.contains("="))
                .forEach(l -> phases.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return phases;
    }

    /** How many of the runs have not ended (-1 if the API server does not answer). */
    private int inFlight(Collection<String> runs) throws Exception {
        Map<String, String> phases = phases();
        return phases == null ? -1 : (int) runs.stream().filter(r -> !TERMINAL.contains(phases.get(r))).count();
    }

    private int jobCount() throws Exception {
        Result jobs = k("get", "jobs", "--request-timeout=10s", "-o", "name");
        return jobs.exitCode() != 0 ? 0 : (int) jobs.out().lines().filter(l -> !l.isBlank()).count();
    }

    /** Waits (a bound that only catches runs that never end) until every run has ended, whichever way. */
    private void awaitAllEnded(List<String> runs, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(3)).until(() -> inFlight(runs) == 0);
        System.out.printf("%s: all %d runs ended %s after the test began%n", testName, runs.size(),
                seconds(Duration.between(started, Instant.now())));
    }

    /**
     * Every run Succeeded; each has exactly its ten Jobs, {@code <run>-<index>-<step>}, controlled by it; each
     * step's transaction in status is its Job's polycrate.io/transaction label; no transaction twice; no other
     * Job in the namespace.
     */
    private Outcome assertEveryRunSucceededWithOneJobPerStep(List<String> runs) throws Exception {
        JsonNode runList = JSON.readTree(k("get", "pwr", "-o", "json").ok().out()).path("items");
        JsonNode jobList = JSON.readTree(k("get", "jobs", "-o", "json").ok().out()).path("items");
        Map<String, JsonNode> runsByName = new HashMap<>();
        runList.forEach(r -> runsByName.put(r.path("metadata").path("name").asText(), r));
        Map<String, List<JsonNode>> jobsByRun = new HashMap<>();
        jobList.forEach(j -> jobsByRun.computeIfAbsent(
                j.path("metadata").path("labels").path("polycrate.io/run").asText(), r -> new ArrayList<>()).add(j));

        SoftAssertions softly = new SoftAssertions();
        Map<String, Integer> runPhases = new TreeMap<>();
        Map<String, Integer> stepPhases = new TreeMap<>();
        List<String> transactions = new ArrayList<>();
        List<Duration> durations = new ArrayList<>();
        for (String name : runs) {
            JsonNode run = runsByName.get(name);
            softly.assertThat(run).as("run %s", name).isNotNull();
            if (run == null) {
                continue;
            }
            JsonNode status = run.path("status");
            runPhases.merge(status.path("phase").asText(), 1, Integer::sum);
            softly.assertThat(status.path("phase").asText()).as("phase of %s (%s)", name,
                    status.path("message").asText()).isEqualTo("Succeeded");
            if (status.hasNonNull("startTime") && status.hasNonNull("completionTime")) {
                durations.add(Duration.between(Instant.parse(status.path("startTime").asText()),
                        Instant.parse(status.path("completionTime").asText())));
            }
            String uid = run.path("metadata").path("uid").asText();
            JsonNode steps = status.path("steps");
            softly.assertThat(steps.size()).as("steps of %s", name).isEqualTo(STEPS);
            Map<String, JsonNode> jobs = new HashMap<>();
            jobsByRun.getOrDefault(name, List.of()).forEach(j -> jobs.put(j.path("metadata").path("name").asText(), j));
            List<String> expectedJobs = IntStream.range(0, STEPS).mapToObj(i -> name + "-" + i + "-s" + i).toList();
            softly.assertThat(jobs.keySet()).as("Jobs of %s", name).containsExactlyInAnyOrderElementsOf(expectedJobs);
            for (int i = 0; i < steps.size(); i++) {
                JsonNode step = steps.get(i);
                stepPhases.merge(step.path("phase").asText(), 1, Integer::sum);
                String transaction = step.path("transaction").asText();
                transactions.add(transaction);
                softly.assertThat(step.path("name").asText()).as("%s step %d", name, i).isEqualTo("s" + i);
                softly.assertThat(step.path("job").asText()).as("%s step %d's Job", name, i)
                        .isEqualTo(expectedJobs.get(i));
                JsonNode job = jobs.get(expectedJobs.get(i));
                if (job == null) {
                    continue;
                }
                softly.assertThat(job.path("metadata").path("labels").path("polycrate.io/transaction").asText())
                        .as("transaction label of Job %s", expectedJobs.get(i)).isEqualTo(transaction).isNotEmpty();
                List<String> controllers = new ArrayList<>();
                job.path("metadata").path("ownerReferences").forEach(o -> {
                    if (o.path("controller").asBoolean()) {
                        controllers.add(o.path("uid").asText());
                    }
                });
                softly.assertThat(controllers).as("controller of Job %s", expectedJobs.get(i)).containsExactly(uid);
            }
        }
        softly.assertThat(new HashSet<>(transactions)).as("distinct transactions").hasSameSizeAs(transactions);
        softly.assertThat(jobList.size()).as("Jobs in the namespace").isEqualTo(runs.size() * STEPS);
        softly.assertAll();
        // when new step Jobs appeared: the longest pause is what a fault cost the runs
        List<Instant> created = new ArrayList<>();
        jobList.forEach(j -> created.add(Instant.parse(j.path("metadata").path("creationTimestamp").asText())));
        created.sort(null);
        Duration pause = IntStream.range(1, created.size()).mapToObj(i -> Duration.between(created.get(i - 1),
                created.get(i))).max(Duration::compareTo).orElse(Duration.ZERO);
        Duration span = created.size() < 2 ? Duration.ZERO : Duration.between(created.get(0), created.get(created.size() - 1));
        return new Outcome(runPhases, stepPhases, jobList.size(), new HashSet<>(transactions).size(), durations, pause,
                span.isZero() ? 0 : (created.size() - 1) / (span.toMillis() / 1000.0));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Figures and evidence

    private void report(String fault, String format, Object... args) throws IOException {
        String line = "%s [%s, seed %d, %s]: %s".formatted(Instant.now(), fault, seed,
                "wall " + seconds(Duration.between(started, Instant.now())), format.formatted(args));
        System.out.println("FAULTS " + line);
        Files.writeString(FIGURES, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String describe(Outcome outcome) {
        return ("runs %s, steps %s, %d Jobs, %d distinct transactions; run durations %s; Jobs created at %.2f/s, "
                + "longest pause between two %s").formatted(outcome.runPhases(), outcome.stepPhases(), outcome.jobs(),
                outcome.transactions(), spread(outcome.runDurations()), outcome.jobsPerSecond(),
                seconds(outcome.longestPauseBetweenJobs()));
    }

    private static String describe(List<Outage> outages) {
        return outages.stream().map(o -> "down %s (stopping took %s) with %d runs in flight".formatted(seconds(o.down()),
                seconds(o.stopping()), o.runsInFlight())).collect(Collectors.joining("; "));
    }

    /** min / median / max. */
    private static String spread(List<Duration> durations) {
        if (durations.isEmpty()) {
            return "(none)";
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        return "min %s / median %s / max %s".formatted(seconds(sorted.get(0)), seconds(sorted.get(sorted.size() / 2)),
                seconds(sorted.get(sorted.size() - 1)));
    }

    private static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }

    /** On a failure: the runs, Jobs, events and operator logs (also of killed containers) under target/e2e. */
    private void saveEvidence() {
        String prefix = "faults-" + testName + "-";
        save(prefix + "runs.json", () -> k("get", "pwr", "-o", "json"));
        save(prefix + "jobs.json", () -> k("get", "jobs", "-o", "json"));
        save(prefix + "events.txt", () -> k("get", "events", "--sort-by=.lastTimestamp", "-o", "wide"));
        ChartOperator chart = sandbox.chart();
        if (chart == null) {
            return;
        }
        save(prefix + "operator-pods.txt", () -> chart.k("get", "pods,lease", "-o", "wide"));
        try {
            for (String pod : chart.k("get", "pods", "-o", "jsonpath={.items[*].metadata.name}").out().split(" ")) {
                if (!pod.isBlank()) {
                    save(prefix + pod + ".log", () -> chart.k("logs", pod));
                    save(prefix + pod + ".previous.log", () -> chart.k("logs", pod, "--previous"));
                }
            }
        } catch (Exception e) {
            System.err.println("could not list the operator pods: " + e);
        }
    }

    private interface Command {
        Result run() throws Exception;
    }

    private static void save(String file, Command command) {
        try {
            Result result = command.run();
            Files.writeString(Sandbox.LOGS.resolve(file), result.out() + result.err());
        } catch (Exception e) {
            System.err.println("could not save " + file + ": " + e);
        }
    }
}
