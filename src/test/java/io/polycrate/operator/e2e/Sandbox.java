package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The end-to-end tier's world: the local control plane of {@code sandbox/polycrate-sandbox} (real
 * kube-apiserver, etcd, controller-manager, scheduler, kwok), the packaged operator running against it as a
 * separate process, and kubectl and the plugin as a user runs them. Started once for all end-to-end tests.
 */
final class Sandbox {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path SCRIPT = REPO.resolve("sandbox/polycrate-sandbox");
    static final Path OPERATOR_JAR = REPO.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path LOGS = REPO.resolve("target/e2e");
    /** The sandbox's real node (kubelet, containerd, runc), next to kwok's fake one. */
    static final String REAL_NODE = "polycrate-sandbox-real-node";
    /** Short, so that the real node's image-pull test does not wait the default two minutes. */
    static final String IMAGE_PULL_GRACE_PERIOD = "PT15S";
    /** How long the tests' operator lets a run wait for its Workspace (or a foreign object of its name to go). */
    static final String WAIT_TIMEOUT = "PT20S";

    private static Sandbox instance;

    private final Map<String, String> env;
    private final boolean startedHere;
    /** The operator installed with the chart, as pods on the real node; null where there is no real node. */
    private ChartOperator chart;
    private Process operator;
    private int operatorStarts;

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        Result ok() {
            assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    private Sandbox(Map<String, String> env, boolean startedHere) {
        this.env = env;
        this.startedHere = startedHere;
    }

    static synchronized Sandbox get() throws Exception {
        if (instance == null) {
            Files.createDirectories(LOGS);
            boolean wasUp = run(List.of(SCRIPT.toString(), "status"), Map.of(), Duration.ofSeconds(30)).exitCode() == 0;
            Result up = run(List.of(SCRIPT.toString(), "up"), Map.of(), Duration.ofMinutes(75));
            if (up.exitCode() != 0 && !wasUp) {
                // a component that exits at its first start (seen once on a loaded CI machine) gets one more try;
                // up has already stopped what it started, and the first attempt's output stays in the log
                Files.writeString(LOGS.resolve("sandbox-up-first-attempt.log"), up.out() + up.err());
                System.out.println("sandbox up failed at the first attempt, trying once more:\n" + up.err());
                up = run(List.of(SCRIPT.toString(), "up"), Map.of(), Duration.ofMinutes(75));
            }
            // the first run builds the control plane: keep what it said for whoever reads the CI log
            Files.writeString(LOGS.resolve("sandbox-up.log"), up.out() + up.err());
            assertThat(up.exitCode()).as("sandbox up: %s%n%s", up.out(), up.err()).isZero();
            stopTryOperator();
            instance = new Sandbox(environment(), !wasUp);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown));
            if (instance.realNodeReady()) {
                // the operator as it is installed: image, chart, its own ServiceAccount, on the real node
                instance.chart = new ChartOperator(instance);
                instance.chart.install();
            } else {
                // no real node to run its image: the packaged operator as a process, with the admin's rights
                instance.kubectl("apply", "-k", REPO.resolve("crds").toString()).ok();
                instance.kubectl("wait", "--for=condition=Established", "crd/workspaces.polycrate.io",
                        "crd/workflowruns.polycrate.io", "--timeout=60s").ok();
                instance.startOperator();
            }
        }
        return instance;
    }

    /**
     * An operator that sandbox/try-operator started would reconcile the tests' runs too (and survive the kill
     * test): the end-to-end tier runs its own, so it stops that one first.
     */
    private static void stopTryOperator() throws Exception {
        String stateDir = Objects.requireNonNullElse(System.getenv("POLYCRATE_SANDBOX_DIR"),
                REPO.resolve("target/sandbox").toString());
        Path pidFile = Path.of(stateDir, "operator.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(process -> {
                System.out.println("Stopping the operator that sandbox/try-operator started (pid " + pid + ")");
                process.destroy();
                process.onExit().join();
            });
            Files.delete(pidFile);
        }
    }

    /** KUBECONFIG and PATH (with the sandbox's kubectl) as `polycrate-sandbox env` says. */
    private static Map<String, String> environment() throws Exception {
        Result printed = run(List.of(SCRIPT.toString(), "env"), Map.of(), Duration.ofSeconds(30)).ok();
        String kubeconfig = null;
        String path = System.getenv("PATH");
        for (String line : printed.out().lines().toList()) {
            String assignment = line.replaceFirst("^export\\s+", "");
            if (assignment.startsWith("KUBECONFIG=")) {
                kubeconfig = unquote(assignment.substring("KUBECONFIG=".length()));
            } else if (assignment.startsWith("PATH=")) {
                path = unquote(assignment.substring("PATH=".length())).replace("$PATH", System.getenv("PATH"))
                        .replace("${PATH}", System.getenv("PATH"));
            }
        }
        assertThat(kubeconfig).as("polycrate-sandbox env names a KUBECONFIG").isNotNull();
        return Map.of("KUBECONFIG", kubeconfig, "PATH", path);
    }

    private static String unquote(String value) {
        return value.replaceAll("^[\"']|[\"']$", "");
    }

    String kubeconfig() {
        return env.get("KUBECONFIG");
    }

    /** The chart-installed operator, or null where the real node does not run (then the operator is a process). */
    ChartOperator chart() {
        return chart;
    }

    boolean realNodeReady() throws Exception {
        return "True".equals(kubectl("get", "node", REAL_NODE, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out());
    }

    /** Starts the operator again after {@link #killOperator()}. */
    void startOperator() throws Exception {
        if (chart != null) {
            chart.start();
            return;
        }
        assertThat(OPERATOR_JAR).as("the packaged operator (mvn package)").exists();
        operatorStarts++;
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", OPERATOR_JAR.toString());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("QUARKUS_OPERATOR_SDK_CRD_APPLY", "false");
        builder.environment().put("POLYCRATE_IMAGE_PULL_GRACE_PERIOD", IMAGE_PULL_GRACE_PERIOD);
        builder.environment().put("POLYCRATE_WAIT_TIMEOUT", WAIT_TIMEOUT);
        Path log = LOGS.resolve("operator-" + operatorStarts + ".log");
        operator = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !operator.isAlive() || Files.readString(log).contains("'workflowrun' controller started"));
        assertThat(operator.isAlive()).as("operator started; see %s", log).isTrue();
    }

    /**
     * Skips the calling test when the sandbox could not start its real node here (it says why), or fails it
     * when POLYCRATE_SANDBOX_REAL_NODE=required, as CI sets it.
     */
    void requireRealNode() throws Exception {
        if (realNodeReady()) {
            return;
        }
        String status = run(List.of(SCRIPT.toString(), "status"), Map.of(), Duration.ofSeconds(30)).out();
        String why = "the sandbox's real node is not Ready: " + status.lines()
                .filter(l -> l.startsWith("real node") || l.startsWith("kubelet") || l.startsWith("containerd"))
                .reduce((a, b) -> a + "; " + b).orElse("(no status)");
        if ("required".equals(System.getenv("POLYCRATE_SANDBOX_REAL_NODE"))) {
            throw new AssertionError(why + " (POLYCRATE_SANDBOX_REAL_NODE=required)");
        }
        Assumptions.abort(why);
    }

    /** Kills the operator the hard way (SIGKILL): no shutdown hooks, no last writes. */
    void killOperator() throws Exception {
        if (chart != null) {
            chart.stop();
            return;
        }
        operator.destroyForcibly();
        operator.waitFor(30, TimeUnit.SECONDS);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Result kubectl(String... args) throws Exception {
        return kubectlWithInput(null, args);
    }

    /** kubectl in that namespace. */
    Result kubectlIn(String namespace, String... args) throws Exception {
        String[] withNamespace = Arrays.copyOf(args, args.length + 2);
        withNamespace[args.length] = "-n";
        withNamespace[args.length + 1] = namespace;
        return kubectl(withNamespace);
    }

    /** kubectl with {@code input} on its standard input (e.g. apply -f -). */
    Result kubectlWithInput(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(Arrays.asList(args));
        return run(command, env, Duration.ofSeconds(60), input);
    }

    /** A script of the repository (with the sandbox's KUBECONFIG and PATH). */
    Result script(Duration timeout, String... command) throws Exception {
        return run(List.of(command), env, timeout, null);
    }

    /** kubectl polycrate ...: kubectl finds the plugin on the PATH `polycrate-sandbox env` gives. */
    Result plugin(String... args) throws Exception {
        return plugin(Duration.ofSeconds(60), args);
    }

    Result plugin(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "polycrate"));
        command.addAll(Arrays.asList(args));
        return run(command, env, timeout);
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        return run(command, env, timeout, null);
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout, String input)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile("e2e", ".out");
        Path err = Files.createTempFile("e2e", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private void shutdown() {
        if (operator != null) {
            operator.destroy();
        }
        if (chart != null) {
            chart.saveLogs();
        }
        if (startedHere && !"true".equals(System.getenv("POLYCRATE_SANDBOX_KEEP"))) {
            try {
                run(List.of(SCRIPT.toString(), "down"), Map.of(), Duration.ofMinutes(2));
            } catch (Exception e) {
                System.err.println("sandbox down failed: " + e);
            }
        }
    }
}
