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
                # a read of the whole run (go-template): the next of the prepared states, the last one repeating
                case " $* " in *" -o go-template="*)
                  for f in "$FAKE_KUBECTL_ANSWERS"/state-*; do
                    [ -f "$f" ] || break
                    cat "$f"; n=$(ls "$FAKE_KUBECTL_ANSWERS"/state-* | wc -l); [ "$n" -gt 1 ] && rm "$f"; exit 0
                  done ;;
                esac
                # prepared failures of annotate, one per call
                case " $* " in *" annotate "*)
                  f=$(ls "$FAKE_KUBECTL_ANSWERS"/annotate-fails-* 2>/dev/null | head -1)
                  if [ -n "$f" ]; then cat "$f" >&2; rm "$f"; exit 1; fi ;;
                esac
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

    private int states;

    /** What a read of the run returns next: resourceVersion, the answer annotation, answered-by, the prompt. */
    private void runState(String resourceVersion, String answers, String answeredBy, String promptId) throws IOException {
        Files.writeString(this.answers.resolve("state-" + (states++)), String.join("\n", resourceVersion, answers,
                answeredBy, promptId, promptId.isEmpty() ? "" : "Deploy?") + "\n");
    }

    private void waitingRun(String namespaceArgs, String run, String promptId, String existingApprovals)
            throws Exception {
        waitingRun(namespaceArgs, run, promptId, existingApprovals, "");
    }

    private void waitingRun(String namespaceArgs, String run, String promptId, String existingApprovals,
            String answeredBy) throws Exception {
        answer(namespaceArgs + "get workflowrun " + run + " -o name", "workflowrun.polycrate.io/" + run);
        answer(namespaceArgs + "auth whoami -o jsonpath={.status.userInfo.username}", "alice");
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath={.status.phase}", "AwaitingApproval");
        runState("42", existingApprovals, answeredBy, promptId);
    }

    @Test
    void approveAnnotatesThePromptThatWaitsNow() throws Exception {
        waitingRun("", "deploy-x7k2p", "workflow", "");

        Result result = plugin("approve", "deploy-x7k2p");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Approved prompt 'workflow' of workflowrun/deploy-x7k2p as alice: Deploy?\n");
        assertThat(calls()).contains("annotate workflowrun deploy-x7k2p polycrate.io/approve=workflow "
                + "polycrate.io/answered-by=workflow=alice --overwrite --resource-version=42");
    }

    @Test
    void approveKeepsTheIdsAlreadyApproved() throws Exception {
        waitingRun("-n prod ", "deploy-x7k2p", "step:install-db", "workflow,action:install-db",
                "workflow=bob,action:install-db=carol");

        Result result = plugin("-n", "prod", "approve", "deploy-x7k2p");

        assertThat(result.exitCode()).isZero();
        assertThat(calls()).contains("-n prod annotate workflowrun deploy-x7k2p "
                + "polycrate.io/approve=workflow,action:install-db,step:install-db "
                + "polycrate.io/answered-by=workflow=bob,action:install-db=carol,step:install-db=alice "
                + "--overwrite --resource-version=42");
    }

    @Test
    void rejectUsesTheRejectAnnotation() throws Exception {
        waitingRun("", "r1", "step:two", "");

        Result result = plugin("reject", "r1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Rejected prompt 'step:two'");
        assertThat(calls()).contains("annotate workflowrun r1 polycrate.io/reject=step:two "
                + "polycrate.io/answered-by=step:two=alice --overwrite --resource-version=42");
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
    void anAnswerThatMeetsAnotherIsWrittenAgainOnTheNewerRun() throws Exception {
        waitingRun("", "r1", "workflow", "");
        // bob answered an earlier prompt between our read and our write: our write is refused, we read again
        runState("43", "step:early", "step:early=bob", "workflow");
        Files.writeString(answers.resolve("annotate-fails-1"), "Error from server (Conflict): Operation cannot be "
                + "fulfilled on workflowruns.polycrate.io \"r1\": the object has been modified; please apply your "
                + "changes to the latest version and try again\n");

        Result result = plugin("approve", "r1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(calls()).filteredOn(c -> c.startsWith("annotate")).containsExactly(
                "annotate workflowrun r1 polycrate.io/approve=workflow polycrate.io/answered-by=workflow=alice "
                        + "--overwrite --resource-version=42",
                "annotate workflowrun r1 polycrate.io/approve=step:early,workflow "
                        + "polycrate.io/answered-by=step:early=bob,workflow=alice --overwrite --resource-version=43");
    }

    @Test
    void aPromptCanBeApprovedAheadOfTime() throws Exception {
        waitingRun("", "r1", "workflow", "workflow", "workflow=bob");

        Result result = plugin("approve", "r1", "step:deploy");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Approved prompt 'step:deploy' of workflowrun/r1 as alice: (answered ahead of its prompt)\n");
        assertThat(calls()).contains("annotate workflowrun r1 polycrate.io/approve=workflow,step:deploy "
                + "polycrate.io/answered-by=workflow=bob,step:deploy=alice --overwrite --resource-version=42");
    }

    @Test
    void aRefusalByTheApprovalsPolicyIsShownAsTheApiServerSaidIt() throws Exception {
        waitingRun("", "r1", "workflow", "");
        Files.writeString(answers.resolve("annotate-fails-1"), "error: workflowruns.polycrate.io \"r1\" is forbidden: "
                + "ValidatingAdmissionPolicy 'polycrate-approvals' with binding 'polycrate-approvals' denied request: "
                + "alice may not answer prompts of workflowrun r1\n");

        Result result = plugin("approve", "r1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("kubectl polycrate: workflowruns.polycrate.io \"r1\" is forbidden: "
                + "ValidatingAdmissionPolicy 'polycrate-approvals'").contains("alice may not answer prompts");
        assertThat(calls()).filteredOn(c -> c.startsWith("annotate")).hasSize(1);
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
        assertThat(plugin("approve").err()).isEqualTo("kubectl polycrate: usage: kubectl polycrate approve RUN [PROMPT]\n");
        assertThat(plugin("approve", "r1", "stpe:x").err())
                .isEqualTo("kubectl polycrate: \"stpe:x\" is no prompt id: workflow, step:<step> or action:<step>\n");
        Result unknown = plugin("aprove", "r1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("kubectl polycrate approve RUN [PROMPT]").endsWith("unknown command \"aprove\"\n");
    }
}
