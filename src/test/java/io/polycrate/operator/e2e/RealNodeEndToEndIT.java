package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * Steps whose containers really run: on the sandbox's real node (kubelet, containerd, runc), reached through
 * the workspaces' podTemplate. Where the sandbox could not start that node (not root, packages missing) these
 * tests are skipped with the reason, unless POLYCRATE_SANDBOX_REAL_NODE=required (CI), where they fail.
 */
class RealNodeEndToEndIT extends EndToEndTest {
    static final String STEP_IMAGE = "localhost/polycrate-sandbox/step:1";
    /** kubelet's image-pull back-off plus the grace period the e2e operator is started with. */
    static final Duration PULL_GIVE_UP = Duration.ofMinutes(2);

    @BeforeEach
    void realNodeIsThere() throws Exception {
        sandbox.requireRealNode();
    }

    /** The example workspace of Polycrate's workflow page, its steps sent to the real node with the step image. */
    private void workflowWorkspaceOnTheRealNode() throws Exception {
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        k("patch", "pws/workflow-workspace", "--type", "merge", "-p", """
                {"spec": {"image": "%s", "podTemplate": {
                  "spec": {"nodeSelector": {"polycrate.io/real-node": "true"},
                           "tolerations": [{"key": "polycrate.io/real-node", "operator": "Equal", "value": "true",
                                            "effect": "NoSchedule"}]}}}}""".formatted(STEP_IMAGE)).ok();
    }

    @Test
    void workflowOneRunsItsRealScriptsAndTheirOutputReachesThePlugin() throws Exception {
        workflowWorkspaceOnTheRealNode();
        String run = createRun("workflow-workspace", "workflow-1", true);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");

        assertThat(get("pwr/" + run, "{.status.steps[*].exitCode}")).isEqualTo("0 0");
        assertThat(sandbox.plugin("-n", ns, "logs", run, "block-1-action-1").ok().out().strip())
                .isEqualTo("block 1 action 1");
        assertThat(sandbox.plugin("-n", ns, "logs", run, "block-2-action-1").ok().out().strip())
                .isEqualTo("block 2 action 1");
        assertThat(k("get", "pods", "-l", "polycrate.io/run=" + run, "-o", "jsonpath={.items[*].spec.nodeName}")
                .ok().out().split(" ")).containsOnly(Sandbox.REAL_NODE);
    }

    @Test
    void logsFollowEveryStepsRealOutputInOrderAsTheStepsStart() throws Exception {
        workflowWorkspaceOnTheRealNode();
        String run = sandbox.plugin("-n", ns, "run", "workflow-workspace", "workflow-1", "--force").ok().out().strip();

        // started before the first step's container: it follows each step as it starts, until the run ends
        Result followed = sandbox.plugin(PULL_GIVE_UP, "-n", ns, "logs", run, "-f");

        assertThat(followed.exitCode()).as(followed.err()).isZero();
        assertThat(followed.out()).isEqualTo("[block-1-action-1] block 1 action 1\n[block-2-action-1] block 2 action 1\n");
        assertThat(sandbox.plugin("-n", ns, "wait", run).exitCode()).isZero();
        assertThat(sandbox.plugin("-n", ns, "logs", run).ok().out()).isEqualTo(followed.out());
    }

    @Test
    void aStepThatReallyExitsThreeFailsWithItsExitCodeAndItsRealOutput() throws Exception {
        k("apply", "-f", RESOURCES.resolve("real-node.yaml").toString()).ok();
        String run = createRun("real", "fails", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Failed");

        assertThat(get("pwr/" + run, "{.status.steps[0].exitCode}")).isEqualTo("3");
        assertThat(get("pwr/" + run, "{.status.steps[0].phase}")).isEqualTo("Failed");
        // FallbackToLogsOnError: the container's real output tail, stdout and stderr
        assertThat(get("pwr/" + run, "{.status.steps[0].message}"))
                .contains("connecting to the database as fail").contains("boom: could not connect");
        String logs = sandbox.plugin("-n", ns, "logs", run, "fail").ok().out();
        assertThat(logs).contains("connecting to the database as fail", "boom: could not connect").doesNotContain("[fail]");
        // the run's message ends with the output's last line (stdout and stderr reach the container log through
        // two pipes, so which of the two lines is last is the runtime's choice); wait exits 3 for a failed run
        List<String> output = get("pwr/" + run, "{.status.steps[0].message}").lines()
                .filter(line -> !line.isBlank()).toList();
        String lastLine = output.get(output.size() - 1).strip();
        assertThat(lastLine).isIn("connecting to the database as fail", "boom: could not connect");
        assertThat(get("pwr/" + run, "{.status.message}")).endsWith(": exit code 3: " + lastLine);
        Result waited = sandbox.plugin("-n", ns, "wait", run);
        assertThat(waited.exitCode()).isEqualTo(3);
        assertThat(waited.out()).contains(": exit code 3: " + lastLine);
    }

    @Test
    void anImageThatDoesNotExistFailsTheStepAfterTheGracePeriodWithAReadableReason() throws Exception {
        k("apply", "-f", RESOURCES.resolve("real-node.yaml").toString()).ok();
        String run = createRun("real", "no-image", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Failed", PULL_GIVE_UP);

        String message = get("pwr/" + run, "{.status.steps[0].message}");
        assertThat(message).contains("localhost/polycrate-sandbox/does-not-exist:1");
        assertThat(message).containsAnyOf("ErrImagePull", "ImagePullBackOff");
        assertThat(get("pwr/" + run, "{.status.message}")).contains("Step 'run' failed");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(k("get", "pods", "-l", "polycrate.io/run=" + run, "-o", "name").ok().out()).isBlank());
    }

    @Test
    void cancelKillsAReallyRunningContainer() throws Exception {
        k("apply", "-f", RESOURCES.resolve("real-node.yaml").toString()).ok();
        String run = createRun("real", "sleeps", false);
        awaitValue("pwr/" + run, "{.status.steps[0].phase}", "Running");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sleepers()).hasSize(1));
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(sandbox.plugin("-n", ns, "logs", run, "sleep").ok().out()).contains("started"));

        k("patch", "pwr/" + run, "--type", "merge", "-p", "{\"spec\":{\"cancel\":true}}").ok();

        awaitValue("pwr/" + run, "{.status.phase}", "Cancelled");
        // the kubelet killed the process itself, and the pod is gone with its Job
        await().atMost(WAIT).untilAsserted(() -> assertThat(sleepers()).isEmpty());
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(k("get", "pods", "-l", "polycrate.io/run=" + run, "-o", "name").ok().out()).isBlank());
        assertThat(jobsOf(run)).isEmpty();
    }

    /** The step's `sleep 3217`, as processes of this machine (the real node's containers are its processes). */
    private static List<Long> sleepers() throws IOException {
        return HostProcesses.matching(p -> "sleep 3217".equals(p.commandLine())).stream()
                .map(HostProcesses.Process::pid).toList();
    }
}
