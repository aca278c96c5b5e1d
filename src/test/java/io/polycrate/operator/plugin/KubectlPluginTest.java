package io.polycrate.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin's own logic (which prompt it answers, how it merges the annotation's id set, its errors)
 * against a stand-in kubectl that answers given calls and records every call. Rendering of kubectl's
 * jsonpath and go-templates is kubectl's job; the end-to-end tier runs the plugin with the real kubectl.
 */
class KubectlPluginTest {
    private static final Path PLUGIN = Path.of("plugin", "kubectl-polycrate");

    @TempDir
    Path dir;

    private Path answers;
    private Path calls;

    @BeforeEach
    void fakeKubectl() throws IOException {
        answers = Files.createDirectories(dir.resolve("answers"));
        calls = dir.resolve("calls.log");
        Path kubectl = dir.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                printf '%s\\n' "$*" >> "$FAKE_KUBECTL_CALLS"
                key=$(printf '%s' "$*" | sha256sum | cut -c1-32)
                if [ -f "$FAKE_KUBECTL_ANSWERS/$key" ]; then cat "$FAKE_KUBECTL_ANSWERS/$key"; exit 0; fi
                case " $* " in *" annotate "*|*" logs "*) exit 0 ;; esac
                echo "Error from server (NotFound): not found" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The stand-in kubectl prints {@code output} when called with exactly these arguments. */
    private void answer(String args, String output) throws Exception {
        String key = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(args.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        Files.writeString(answers.resolve(key), output);
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result plugin(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", PLUGIN.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_KUBECTL_CALLS", calls.toString());
        builder.environment().put("FAKE_KUBECTL_ANSWERS", answers.toString());
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private void waitingRun(String namespaceArgs, String run, String promptId, String existingApprovals)
            throws Exception {
        answer(namespaceArgs + "get workflowrun " + run + " -o name", "workflowrun.polycrate.io/" + run);
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath={.status.prompt.id}", promptId);
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath={.status.prompt.message}", "Deploy?");
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath={.metadata.annotations.polycrate\\.io/approve}",
                existingApprovals);
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath={.metadata.annotations.polycrate\\.io/reject}", "");
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath={.status.phase}", "AwaitingApproval");
    }

    @Test
    void approveAnnotatesThePromptThatWaitsNow() throws Exception {
        waitingRun("", "deploy-x7k2p", "workflow", "");

        Result result = plugin("approve", "deploy-x7k2p");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Approved prompt 'workflow' of workflowrun/deploy-x7k2p: Deploy?\n");
        assertThat(calls()).contains("annotate workflowrun deploy-x7k2p polycrate.io/approve=workflow --overwrite");
    }

    @Test
    void approveKeepsTheIdsAlreadyApproved() throws Exception {
        waitingRun("-n prod ", "deploy-x7k2p", "step:install-db", "workflow,action:install-db");

        Result result = plugin("-n", "prod", "approve", "deploy-x7k2p");

        assertThat(result.exitCode()).isZero();
        assertThat(calls()).contains("-n prod annotate workflowrun deploy-x7k2p "
                + "polycrate.io/approve=workflow,action:install-db,step:install-db --overwrite");
    }

    @Test
    void rejectUsesTheRejectAnnotation() throws Exception {
        waitingRun("", "r1", "step:two", "step:one");

        Result result = plugin("reject", "r1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Rejected prompt 'step:two'");
        assertThat(calls()).contains("annotate workflowrun r1 polycrate.io/reject=step:two --overwrite");
    }

    @Test
    void aRunThatWaitsAtNoPromptIsAClearError() throws Exception {
        waitingRun("", "r1", "", "");
        answer("get workflowrun r1 -o jsonpath={.status.phase}", "Running");

        Result result = plugin("approve", "r1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("kubectl polycrate: workflowrun \"r1\" waits at no prompt (phase: Running)\n");
        assertThat(calls()).noneMatch(call -> call.startsWith("annotate"));
    }

    @Test
    void aMissingRunIsAClearError() throws Exception {
        Result result = plugin("-n", "prod", "status", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("kubectl polycrate: no workflowrun named \"nope\" (kubectl -n prod)\n");
    }

    @Test
    void logsShowTheCurrentStepsJobByDefault() throws Exception {
        answer("get workflowrun r1 -o name", "workflowrun.polycrate.io/r1");
        answer("get workflowrun r1 -o jsonpath={.status.currentStep}", "install-db");
        answer("get workflowrun r1 -o jsonpath={.status.steps[?(@.name==\"install-db\")].job}", "r1-0-install-db");

        Result result = plugin("logs", "r1", "-f");

        assertThat(result.exitCode()).isZero();
        assertThat(calls()).contains("logs job/r1-0-install-db -c step -f");
    }

    @Test
    void inspectNamesTheWorkflowsAWorkspaceHasWhenOneIsMissing() throws Exception {
        answer("get workspace ws -o name", "workspace.polycrate.io/ws");
        answer("get workspace ws -o jsonpath={.spec.workflows[?(@.name==\"deplyo\")].name}", "");
        answer("get workspace ws -o jsonpath={.spec.workflows[*].name}", "deploy rollback");

        Result result = plugin("inspect", "ws", "deplyo");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo(
                "kubectl polycrate: workspace \"ws\" has no workflow named \"deplyo\" (it has: deploy rollback)\n");
    }

    @Test
    void unknownCommandsAndMissingArgumentsSayHowToUseIt() throws Exception {
        assertThat(plugin("approve").err()).isEqualTo("kubectl polycrate: usage: kubectl polycrate approve RUN\n");
        Result unknown = plugin("aprove", "r1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("kubectl polycrate approve RUN").endsWith("unknown command \"aprove\"\n");
    }
}
