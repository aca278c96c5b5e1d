package io.polycrate.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workspace.CredentialCandidate;

/**
 * The step's runner, run for real by this machine's /bin/sh (and bash where the PATH has it), with its container
 * paths moved under a temporary directory: the shell it picks, pipefail, the block directory, the order in which it
 * takes KUBECONFIG and ANSIBLE_INVENTORY, and the report the operator reads back.
 */
@EnabledOnOs(OS.LINUX)
class StepRunnerTest {
    @TempDir
    Path root;

    private record Ran(int exitCode, String output, String terminationLog) {
    }

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(root.resolve("plan"));
        Files.createDirectories(root.resolve("workspace"));
        Files.createDirectories(root.resolve("empty"));
        assertThat(root.toString()).doesNotContain("/workspace", "/polycrate");
    }

    private static PlannedStep step(List<String> script, String playbook, List<CredentialCandidate> kubeconfig,
            List<CredentialCandidate> inventory) {
        return new PlannedStep(0, 0, "install-db", "db", "install", "img", script, playbook, null, null, null, null,
                List.of(), List.of(), null, null, kubeconfig, inventory);
    }

    private static PlannedStep script(String... lines) {
        return step(List.of(lines), null, List.of(), List.of());
    }

    /** Runs the runner as the container would, with bash on the PATH or not. */
    private Ran run(PlannedStep step, boolean bash) throws IOException, InterruptedException {
        if (step.script() != null) {
            Files.writeString(root.resolve("plan/step.sh"), String.join("\n", step.script()) + "\n");
        }
        String runner = StepRunner.script(step)
                .replace("/etc/polycrate", root + "/etc-polycrate")
                .replace("/dev/termination-log", root + "/termination-log")
                .replace("/workspace", root + "/workspace")
                .replace("/polycrate/", root + "/plan/");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", runner).directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", (bash ? System.getenv("PATH") + ":" : "") + root.resolve("bin") + ":"
                + root.resolve("empty"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the runner ends").isTrue();
        Path log = root.resolve("termination-log");
        return new Ran(process.exitValue(), output.replace(root.toString(), "ROOT"),
                Files.exists(log) ? Files.readString(log) : "");
    }

    private void write(String path, String content) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), content);
    }

    @Test
    void underBashAPipelineFailsWhenAnyOfItFails() throws Exception {
        Ran ran = run(script("echo before", "false | true", "echo not reached"), true);

        assertThat(ran.exitCode()).isEqualTo(1);
        assertThat(ran.output()).isEqualTo("before\npolycrate: the step ran under bash -euo pipefail and exited with "
                + "code 1\n");
        assertThat(ran.terminationLog()).as("left empty: the kubelet takes the output's tail").isEmpty();
        assertThat(StepRunner.read(ran.output())).isEqualTo(new StepRunner.Report("bash", "before"));
    }

    @Test
    void withoutBashShRunsTheLinesWithEu() throws Exception {
        Ran ran = run(script("false | true", "echo reached"), false);

        assertThat(ran.exitCode()).isZero();
        assertThat(ran.output()).isEqualTo("reached\n");
        assertThat(ran.terminationLog()).isEqualTo("polycrate: the step ran under sh -eu\n");
        assertThat(StepRunner.read(ran.terminationLog())).isEqualTo(new StepRunner.Report("sh", ""));

        Ran unset = run(script("echo \"$NOT_SET\"", "echo not reached"), false);
        assertThat(unset.exitCode()).isNotZero();
        assertThat(unset.output()).doesNotContain("not reached").endsWith("polycrate: the step ran under sh -eu and "
                + "exited with code " + unset.exitCode() + "\n");
    }

    @Test
    void theLinesRunInOrderUntilOneFails() throws Exception {
        Ran ran = run(script("echo one", "echo two >&2", "exit 3", "echo three"), true);

        assertThat(ran.exitCode()).isEqualTo(3);
        assertThat(ran.output()).isEqualTo("one\ntwo\npolycrate: the step ran under bash -euo pipefail and exited "
                + "with code 3\n");
    }

    @Test
    void whatTheScriptWroteToTheTerminationLogIsKeptAndTheReportAdded() throws Exception {
        Ran ran = run(script("echo deployed version 2 > " + root + "/termination-log", "exit 4"), true);

        assertThat(ran.exitCode()).isEqualTo(4);
        assertThat(ran.terminationLog()).isEqualTo("deployed version 2\npolycrate: the step ran under bash "
                + "-euo pipefail and exited with code 4\n");
        assertThat(StepRunner.read(ran.terminationLog())).isEqualTo(new StepRunner.Report("bash",
                "deployed version 2"));
    }

    @Test
    void theStepRunsInItsBlocksDirectoryIfThereIsOneElseWhereTheContainerStarts() throws Exception {
        PlannedStep step = script("pwd", "echo \"${POLYCRATE_BLOCK_WORKDIR:-none}\"");
        assertThat(run(step, true).output()).startsWith("ROOT\nnone\n");

        Files.createDirectories(root.resolve("workspace/blocks/db"));
        assertThat(run(step, true).output()).startsWith("ROOT/workspace/blocks/db\nROOT/workspace/blocks/db\n");
        assertThat(StepRunner.script(step, false)).as("a working directory the workspace chose is kept")
                .doesNotContain("cd ");
    }

    @Test
    void kubeconfigIsTheBlocksArtifactElseItsSecret() throws Exception {
        PlannedStep step = step(List.of("echo \"${KUBECONFIG:-unset}\""), null,
                List.of(CredentialCandidate.artifact("db"), CredentialCandidate.secret("prod", "config")), List.of());

        Ran missing = run(step, true);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("polycrate: KUBECONFIG: the Secret \"prod\" does not exist or has no "
                + "key \"config\"\n");

        write("etc-polycrate/kubeconfig/kubeconfig.yml", "secret");
        assertThat(run(step, true).output()).startsWith("ROOT/etc-polycrate/kubeconfig/kubeconfig.yml\n");

        write("workspace/artifacts/blocks/db/kubeconfig.yml", "written by an earlier step");
        assertThat(run(step, true).output()).startsWith("ROOT/workspace/artifacts/blocks/db/kubeconfig.yml\n");
    }

    @Test
    void withoutASecretTheNextBlocksArtifactOrNothing() throws Exception {
        PlannedStep step = step(List.of("echo \"${KUBECONFIG:-unset} ${ANSIBLE_INVENTORY:-unset}\""), null,
                List.of(CredentialCandidate.artifact("db"), CredentialCandidate.artifact("k8s")),
                List.of(CredentialCandidate.artifact("db")));

        assertThat(run(step, true).output()).startsWith("unset unset\n");

        write("workspace/artifacts/blocks/k8s/kubeconfig.yml", "cluster");
        write("workspace/artifacts/blocks/db/inventory.yml", "hosts");
        assertThat(run(step, true).output()).startsWith("ROOT/workspace/artifacts/blocks/k8s/kubeconfig.yml "
                + "ROOT/workspace/artifacts/blocks/db/inventory.yml\n");
    }

    @Test
    void aPlaybookRunsInTheBlocksDirectoryWithTheSnapshotAsPolycrateWritesIt() throws Exception {
        write("bin/ansible-playbook", "#!/bin/sh\necho \"ansible-playbook $* in $(pwd)\"\n");
        root.resolve("bin/ansible-playbook").toFile().setExecutable(true);
        Files.createDirectories(root.resolve("workspace/blocks/db"));

        Ran ran = run(step(null, "playbooks/install.yml --check", List.of(), List.of()), true);

        assertThat(ran.exitCode()).isZero();
        assertThat(ran.output()).isEqualTo("ansible-playbook -e @ROOT/plan/snapshot.yaml playbooks/install.yml "
                + "--check in ROOT/workspace/blocks/db\n");
        assertThat(ran.terminationLog()).isEqualTo("polycrate: the step ran under bash -euo pipefail\n");
    }

    @Test
    void theReportIsReadAndTakenOutWhereverTheLogPutIt() {
        assertThat(StepRunner.read(null)).isEqualTo(new StepRunner.Report(null, null));
        assertThat(StepRunner.read("boom")).isEqualTo(new StepRunner.Report(null, "boom"));
        assertThat(StepRunner.read("polycrate: the step ran under sh -eu\n")).isEqualTo(new StepRunner.Report("sh", ""));
        assertThat(StepRunner.read("a\nb\npolycrate: the step ran under bash -euo pipefail and exited with code 2"))
                .isEqualTo(new StepRunner.Report("bash", "a\nb"));
        // stderr logged before the script's last stdout line
        assertThat(StepRunner.read("a\npolycrate: the step ran under bash -euo pipefail and exited with code 2\nb\n"))
                .isEqualTo(new StepRunner.Report("bash", "a\nb"));
        assertThat(StepRunner.read("polycrate: the step ran under zsh -e")).isEqualTo(
                new StepRunner.Report(null, "polycrate: the step ran under zsh -e"));
        assertThat(StepRunner.read("say polycrate: the step ran under sh -eu")).isEqualTo(
                new StepRunner.Report(null, "say polycrate: the step ran under sh -eu"));
    }
}
