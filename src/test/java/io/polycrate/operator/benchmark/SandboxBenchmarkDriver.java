package io.polycrate.operator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The driver of {@code sandbox/benchmark}, which starts the sandbox and the operator and then this: one
 * Workspace with a workflow of M quick steps (kwok's fake node ends each pod after
 * {@code sandbox.polycrate.io/duration}), W warm-up runs (not counted), then N runs created at once and
 * watched until all have finished. It measures with watches only, so that it adds no GET or LIST to the API
 * server's counts, and prints the figures of issue 12 (see README, "Benchmark").
 */
public final class SandboxBenchmarkDriver {
    static final String USER_AGENT = "polycrate-benchmark-driver";
    static final ResourceDefinitionContext WORKFLOW_RUNS = context("WorkflowRun", "workflowruns");
    static final ResourceDefinitionContext WORKSPACES = context("Workspace", "workspaces");
    private static final String WORKSPACE = "bench";
    private static final String WORKFLOW = "bench";
    /** Let the warm-up's last writes and requeues pass before the measured phase starts. */
    private static final Duration SETTLE_BEFORE = Duration.ofSeconds(3);
    /** Count the operator's last writes (status, events) after the last run finished. */
    private static final Duration SETTLE_AFTER = Duration.ofSeconds(2);
    private static final int CREATORS = 4;

    private final Map<String, String> options;
    private final KubernetesClient client;
    private final String namespace;
    private final int runs;
    private final int steps;
    private final int warmup;
    private final long operatorPid;
    private final long ticks;
    private final ProcessHandle operator;

    private SandboxBenchmarkDriver(Map<String, String> options, KubernetesClient client) {
        this.options = options;
        this.client = client;
        this.namespace = options.getOrDefault("namespace", "polycrate-benchmark");
        this.runs = Integer.parseInt(required(options, "runs"));
        this.steps = Integer.parseInt(required(options, "steps"));
        this.warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        this.operatorPid = Long.parseLong(required(options, "operator-pid"));
        this.ticks = Long.parseLong(options.getOrDefault("clock-ticks", "100"));
        this.operator = ProcessHandle.of(operatorPid)
                .orElseThrow(() -> new IllegalArgumentException("no process " + operatorPid));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Config config = Config.fromKubeconfig(Files.readString(Path.of(required(options, "kubeconfig"))));
        config.setUserAgent(USER_AGENT);
        BenchmarkReport report;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            report = new SandboxBenchmarkDriver(options, client).run();
        }
        System.out.println();
        System.out.print(report.markdown());
        if (options.containsKey("out")) {
            Path json = Path.of(options.get("out"));
            Path markdown = json.resolveSibling(json.getFileName().toString().replaceFirst("(\\.json)?$", ".md"));
            Files.writeString(json, report.json());
            Files.writeString(markdown, report.markdown());
            System.out.println("\nwritten: " + json + ", " + markdown);
        }
        System.exit(report.ok() ? 0 : 1);
    }

    private BenchmarkReport run() throws Exception {
        setUp();
        try (BenchmarkWatches watches = new BenchmarkWatches(client, namespace, WORKFLOW_RUNS)) {
            ProcessStats cold = ProcessStats.read(operatorPid, ticks);
            List<String> warm = names("warm-", warmup);
            log("warm-up: %d runs of %d steps", warmup, steps);
            create(warm);
            Set<String> warmUnfinished = watches.awaitFinished(warm, timeout(), operator);
            ProcessStats warmed = ProcessStats.read(operatorPid, ticks);
            Thread.sleep(SETTLE_BEFORE.toMillis());

            List<String> measured = names("run-", runs);
            log("measured: %d runs of %d steps", runs, steps);
            ProcessStats before = ProcessStats.read(operatorPid, ticks);
            ApiRequestCounts requestsBefore = apiRequests();
            long start = System.nanoTime();
            create(measured);
            long created = System.nanoTime();
            Set<String> unfinished = watches.awaitFinished(measured, timeout(), operator);
            long end = measured.stream().map(watches::finished).flatMap(Optional::stream)
                    .mapToLong(BenchmarkWatches.FinishedRun::nanos).max().orElse(System.nanoTime());
            Thread.sleep(SETTLE_AFTER.toMillis());
            ProcessStats after = ProcessStats.read(operatorPid, ticks);
            ApiRequestCounts requests = apiRequests().since(requestsBefore);

            return report(watches, measured, unfinished, warmUnfinished, start, created, end,
                    new OperatorSamples(cold, warmed, before, after), requests);
        }
    }

    private BenchmarkReport report(BenchmarkWatches watches, List<String> measured, Set<String> unfinished,
            Set<String> warmUnfinished, long start, long created, long end, OperatorSamples operatorStats,
            ApiRequestCounts requests) {
        double stepCount = (double) runs * steps;
        double seconds = (end - start) / 1e9;
        StepTimeline.Gaps gaps = watches.timeline().gaps(measured, steps);
        long statusWrites = requests.sum(ApiRequestCounts.request("workflowruns", "status", "PUT", "PATCH"));
        Predicate<Map<String, String>> jobCreates = ApiRequestCounts.request("jobs", "", "POST");
        long jobPosts = requests.sum(jobCreates);
        List<String> readResources = List.of("workflowruns", "workspaces", "jobs", "pods", "configmaps", "events");
        Predicate<Map<String, String>> reads = labels -> readResources.contains(labels.get("resource"))
                && ("GET".equals(labels.get("verb")) || "LIST".equals(labels.get("verb")));

        BenchmarkReport report = new BenchmarkReport()
                .add("runs", null, runs)
                .add("steps", null, steps)
                .add("warmupRuns", null, warmup)
                .add("size", "runs x steps (warm-up runs before, not counted)",
                        runs + " x " + steps + " (" + warmup + ")")
                .add("stepDuration", "step pod duration (kwok)", options.getOrDefault("step-duration", "0s"))
                .add("jobControllerQps", null, Integer.parseInt(required(options, "job-controller-qps")))
                .add("jobControllerQpsDefault", null, options.containsKey("job-controller-qps-default"))
                .add("jobControllerQpsText", "Job controller QPS (kube-controller-manager --kube-api-qps)",
                        options.get("job-controller-qps") + (options.containsKey("job-controller-qps-default")
                                ? " (upstream default, burst 30)" : " (burst 1.5 x)"))
                .add("operatorMemory", "operator memory limit", options.getOrDefault("memory-limit", "?"))
                .add("jvmOptions", "operator JVM options", options.getOrDefault("jvm-options", "?"))
                .add("createSeconds", "time to create the runs (s)", (created - start) / 1e9)
                .add("totalSeconds", "total time, first create to last run finished (s)", seconds)
                .add("stepsPerSecond", "steps/s", stepCount / seconds)
                .add("gapCount", "transitions measured (pod terminated -> next Job)", gaps.millis().count())
                .add("gapP50Ms", "gap p50 (ms)", gaps.millis().p50())
                .add("gapP99Ms", "gap p99 (ms)", gaps.millis().p99())
                .add("gapMaxMs", "gap max (ms)", gaps.millis().max())
                .add("gapMinMs", "gap min (ms)", gaps.millis().min())
                .add("cpuMsPerStep", "operator CPU per step, measured phase (ms)",
                        (operatorStats.after().cpuMillis() - operatorStats.before().cpuMillis()) / stepCount)
                .add("cpuMsPerStepWarmup", "operator CPU per step, warm-up (ms)",
                        warmup == 0 ? Double.NaN : (operatorStats.warmed().cpuMillis()
                                - operatorStats.cold().cpuMillis()) / ((double) warmup * steps))
                .add("peakRssMiB", "operator peak RSS, VmHWM (MiB)", operatorStats.after().peakRssKib() / 1024.0)
                .add("endRssMiB", "operator RSS at the end (MiB)", operatorStats.after().rssKib() / 1024.0)
                .add("cgroupPeakMiB", "operator cgroup memory peak, with page cache (MiB)", cgroupPeakMiB())
                .add("statusWritesPerStep", "workflowruns/status PUT+PATCH per step", statusWrites / stepCount)
                .add("statusConflicts", "  of which 409", requests.sum(
                        ApiRequestCounts.request("workflowruns", "status", "PUT", "PATCH").and(ApiRequestCounts.code("409"))))
                .add("jobCreatesPerStep", "jobs POST per step", jobPosts / stepCount)
                .add("jobCreateConflicts", "  of which 409", requests.sum(jobCreates.and(ApiRequestCounts.code("409"))))
                .add("operatorEventsPerStep", "operator events per step (watch)",
                        watches.operatorEvents(measured) / stepCount)
                .add("getListRequests", "GET+LIST on workflowruns, workspaces, jobs, pods, configmaps, events (all clients)",
                        requests.sum(reads));
        report.add("getListBreakdown", "  by request", summary(requests.byRequest(reads)));
        report.requests(requests.byRequest(labels -> !"WATCH".equals(labels.get("verb"))
                && (readResources.contains(labels.get("resource")) || "leases".equals(labels.get("resource")))));

        long jobsSeen = watches.timeline().jobs(measured::contains);
        if (jobsSeen != runs * (long) steps) {
            report.problem("the Jobs watch saw " + jobsSeen + " step Jobs of measured runs, not " + runs * steps);
        }
        if (gaps.missing() > 0) {
            report.problem(gaps.missing() + " transitions without a pod termination or next Job seen");
        }
        if (!warmUnfinished.isEmpty()) {
            report.problem(warmUnfinished.size() + " warm-up runs did not finish in time");
        }
        if (!unfinished.isEmpty()) {
            report.problem(unfinished.size() + " runs did not finish in time, e.g. " + first(unfinished));
        }
        List<String> failed = new ArrayList<>();
        for (String run : measured) {
            watches.finished(run).filter(f -> !"Succeeded".equals(f.phase()))
                    .ifPresent(f -> failed.add(run + " " + f.phase() + ": " + f.message()));
        }
        if (!failed.isEmpty()) {
            report.problem(failed.size() + " runs did not succeed, e.g. " + failed.subList(0, Math.min(3, failed.size())));
        }
        return report;
    }

    /** The operator's /proc figures before and after the warm-up and the measured phase. */
    private record OperatorSamples(ProcessStats cold, ProcessStats warmed, ProcessStats before, ProcessStats after) {
    }

    private void setUp() throws Exception {
        log("namespace %s, Workspace %s with %d steps", namespace, WORKSPACE, steps);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        // pods of a namespace without its default ServiceAccount are refused
        client.serviceAccounts().inNamespace(namespace).withName("default")
                .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
        GenericKubernetesResource workspace = client.getKubernetesSerialization()
                .unmarshal(workspaceYaml(), GenericKubernetesResource.class);
        client.genericKubernetesResources(WORKSPACES).inNamespace(namespace).resource(workspace).create();
        client.genericKubernetesResources(WORKSPACES).inNamespace(namespace).withName(WORKSPACE)
                .waitUntilCondition(SandboxBenchmarkDriver::ready, 60, TimeUnit.SECONDS);
    }

    String workspaceYaml() {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: polycrate.io/v1alpha1
                kind: Workspace
                metadata: {name: %s}
                spec:
                  blocks:
                  - name: quick
                    podTemplate:
                      metadata:
                        annotations: {sandbox.polycrate.io/duration: "%s"}
                    actions:
                    - {name: run, script: ["true"]}
                  workflows:
                  - name: %s
                    steps:
                """.formatted(WORKSPACE, options.getOrDefault("step-duration", "0s"), WORKFLOW));
        for (int i = 0; i < steps; i++) {
            yaml.append("    - {name: s").append(i).append(", block: quick, action: run}\n");
        }
        return yaml.toString();
    }

    @SuppressWarnings("unchecked")
    private static boolean ready(GenericKubernetesResource workspace) {
        Object conditions = workspace == null ? null : workspace.get("status", "conditions");
        return conditions instanceof List<?> list && list.stream().map(c -> (Map<String, Object>) c)
                .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    /** Creates the runs from a few threads at once, as many clients would. */
    private void create(List<String> names) throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String name : names) {
                done.add(creators.submit(() -> client.genericKubernetesResources(WORKFLOW_RUNS).inNamespace(namespace)
                        .resource(run(name)).create()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            creators.shutdownNow();
        }
    }

    private GenericKubernetesResource run(String name) {
        GenericKubernetesResource run = new GenericKubernetesResource();
        run.setApiVersion("polycrate.io/v1alpha1");
        run.setKind("WorkflowRun");
        run.setMetadata(new ObjectMetaBuilder().withName(name).build());
        run.setAdditionalProperty("spec", Map.of("workspace", WORKSPACE, "workflow", WORKFLOW));
        return run;
    }

    /** The memory cgroup's peak usage (as a container's), if the operator runs in one. */
    private double cgroupPeakMiB() {
        if (!options.containsKey("cgroup")) {
            return Double.NaN;
        }
        for (String file : List.of("memory.max_usage_in_bytes", "memory.peak")) {
            Path path = Path.of(options.get("cgroup"), file);
            try {
                if (Files.exists(path)) {
                    return Long.parseLong(Files.readString(path).strip()) / 1024.0 / 1024.0;
                }
            } catch (IOException | NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private ApiRequestCounts apiRequests() {
        return ApiRequestCounts.parse(client.raw("/metrics"));
    }

    private Duration timeout() {
        return Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout",
                Long.toString(600 + (long) Math.max(runs, warmup) * steps))));
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%s%05d", prefix, i)).toList();
    }

    private static String summary(Map<String, Long> breakdown) {
        if (breakdown.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        breakdown.forEach((request, count) -> parts.add(request + ": " + count));
        return String.join(", ", parts);
    }

    private static String first(Set<String> names) {
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        return sorted.subList(0, Math.min(3, sorted.size())).toString();
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("polycrate.io").withVersion("v1alpha1")
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[benchmark] " + format + "%n", args);
    }
}
