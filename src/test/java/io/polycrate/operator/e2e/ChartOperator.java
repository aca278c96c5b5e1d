package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.marcnuri.helm.Helm;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * The operator as a platform team runs it: its image (sandbox/build-operator-image) on the sandbox's real node,
 * installed with the Helm chart under the chart's own ServiceAccount and RBAC, two replicas with leader
 * election, in a namespace that enforces the restricted Pod Security Standard. Used by the end-to-end tier
 * wherever the real node runs, so that a verb the chart forgot fails a test.
 */
final class ChartOperator {
    static final String NAMESPACE = "polycrate-helm";
    static final String RELEASE = "e2e";
    static final String DEPLOYMENT = RELEASE + "-polycrate-operator";
    static final String LEASE = "polycrate-operator-leader";
    static final String SELECTOR = "app.kubernetes.io/instance=" + RELEASE;
    static final int REPLICAS = 2;
    /** The address the real node's pods reach this machine by: the host end of the sandbox's veth (real-node.sh). */
    static final String HOST_ADDRESS = "10.213.0.1";

    private final Sandbox sandbox;

    ChartOperator(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Builds and loads the image, then installs the chart (again, if a kept sandbox has it already). */
    void install() throws Exception {
        Result image = sandbox.script(Duration.ofMinutes(15), Sandbox.REPO.resolve("sandbox/build-operator-image").toString());
        Files.writeString(Sandbox.LOGS.resolve("build-operator-image.log"), image.out() + image.err());
        assertThat(image.exitCode()).as("build-operator-image: %s", image.err()).isZero();
        sandbox.script(Duration.ofMinutes(2), Sandbox.SCRIPT.toString(), "load-image",
                Sandbox.REPO.resolve("target/image/polycrate-operator.tar").toString()).ok();
        String version = image.out().strip().replaceFirst("^\\S+:(\\S+) .*$", "$1");

        Path kubeconfig = Path.of(sandbox.kubeconfig());
        Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(kubeconfig).ignoreNotFound().call();
        sandbox.kubectlWithInput("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels:
                    pod-security.kubernetes.io/enforce: restricted
                    pod-security.kubernetes.io/enforce-version: latest
                """.formatted(NAMESPACE), "apply", "-f", "-").ok();
        adoptCrdsIntoTheRelease();
        Path values = Files.createTempFile("e2e-values", ".yaml");
        Files.writeString(values, """
                image: {repository: localhost/polycrate-operator, tag: "%s", pullPolicy: Never}
                replicas: %d
                operator: {imagePullGracePeriod: "%s", waitTimeout: "%s"}
                # the sandbox's real node; the sandbox has no kube-proxy, so the API server's address is given
                nodeSelector: {polycrate.io/real-node: "true"}
                tolerations: [{key: polycrate.io/real-node, operator: Equal, value: "true", effect: NoSchedule}]
                extraEnv:
                - {name: KUBERNETES_SERVICE_HOST, value: "%s"}
                - {name: KUBERNETES_SERVICE_PORT, value: "36443"}
                """.formatted(version, REPLICAS, Sandbox.IMAGE_PULL_GRACE_PERIOD, Sandbox.WAIT_TIMEOUT,
                HOST_ADDRESS));
        try {
            new Helm(Sandbox.REPO.resolve("helm/polycrate-operator")).install().withName(RELEASE)
                    .withNamespace(NAMESPACE).withKubeConfig(kubeconfig).withValuesFile(values)
                    .waitReady().withTimeout(300).call();
        } finally {
            Files.delete(values);
        }
        sandbox.kubectl("wait", "--for=condition=Established", "crd/workspaces.polycrate.io",
                "crd/workflowruns.polycrate.io", "--timeout=60s").ok();
        awaitLeader();
    }

    /**
     * CRDs that an earlier run of a kept sandbox created with kubectl: marked as the release's, so that Helm
     * takes them over instead of refusing to install.
     */
    private void adoptCrdsIntoTheRelease() throws Exception {
        for (String crd : List.of("workspaces.polycrate.io", "workflowruns.polycrate.io")) {
            if (sandbox.kubectl("get", "crd", crd).exitCode() == 0) {
                sandbox.kubectl("label", "crd", crd, "app.kubernetes.io/managed-by=Helm", "--overwrite").ok();
                sandbox.kubectl("annotate", "crd", crd, "meta.helm.sh/release-name=" + RELEASE,
                        "meta.helm.sh/release-namespace=" + NAMESPACE, "--overwrite").ok();
            }
        }
    }

    Result k(String... args) throws Exception {
        return sandbox.kubectlIn(NAMESPACE, args);
    }

    List<String> pods() throws Exception {
        String names = k("get", "pods", "-l", SELECTOR, "--field-selector=status.phase=Running", "-o",
                "jsonpath={.items[*].metadata.name}").ok().out().strip();
        return names.isEmpty() ? List.of() : List.of(names.split(" "));
    }

    /** The Lease's holder: {@code <pod>_<id of the process>}, or empty. */
    String holder() throws Exception {
        return k("get", "lease", LEASE, "-o", "jsonpath={.spec.holderIdentity}").out().strip();
    }

    static String podOf(String holder) {
        int cut = holder.lastIndexOf('_');
        return cut < 0 ? holder : holder.substring(0, cut);
    }

    /** Waits until the Lease names a running pod of the release, and returns that pod. */
    String awaitLeader() {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    String leader = podOf(holder());
                    return pods().contains(leader) ? leader : null;
                }, leader -> leader != null);
    }

    /** SIGKILL to the operator's JVM in that pod: a crash, no shutdown hook, no Lease released. */
    void kill(String pod) throws IOException {
        List<Long> pids = javaProcessesOf(pod);
        assertThat(pids).as("the JVM of pod %s among this machine's processes", pod).isNotEmpty();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Every operator crashes and none comes back until {@link #start()}. */
    void stop() throws Exception {
        for (String pod : pods()) {
            kill(pod);
        }
        k("scale", "deployment/" + DEPLOYMENT, "--replicas=0").ok();
        await().atMost(Duration.ofSeconds(90)).until(() -> k("get", "pods", "-l", SELECTOR, "-o", "name").ok().out()
                .isBlank());
    }

    void start() throws Exception {
        k("scale", "deployment/" + DEPLOYMENT, "--replicas=" + REPLICAS).ok();
        k("rollout", "status", "deployment/" + DEPLOYMENT, "--timeout=120s").ok();
        awaitLeader();
    }

    /** The host's processes of the pod's operator container (the real node's containers run on this machine). */
    static List<Long> javaProcessesOf(String pod) throws IOException {
        return HostProcesses.matching(p -> p.commandLine().contains("quarkus-run.jar")
                && p.environment().contains("POD_NAME=" + pod)).stream().map(HostProcesses.Process::pid).toList();
    }

    /** Keeps the operator pods' logs for whoever reads the CI output. */
    void saveLogs() {
        try {
            Result logs = k("logs", "-l", SELECTOR, "--prefix", "--tail=-1", "--max-log-requests=10");
            Files.writeString(Sandbox.LOGS.resolve("operator-pods.log"), logs.out() + logs.err());
        } catch (Exception e) {
            System.err.println("could not save the operator pods' logs: " + e);
        }
    }
}
