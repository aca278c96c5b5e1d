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
    private Path created;

    @BeforeEach
    void fakeKubectl() throws IOException {
        answers = Files.createDirectories(dir.resolve("answers"));
        calls = dir.resolve("calls.log");
        created = dir.resolve("created.log");
        Path kubectl = dir.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                printf '%s\\n' "$*" >> "$FAKE_KUBECTL_CALLS"
                # what create is given on stdin, one line per call
                case " $* " in *" create "*) { cat; echo; } >> "$FAKE_KUBECTL_CREATED" ;; esac
                key=$(printf '%s' "$*" | sha256sum | cut -c1-32)
                if [ -f "$FAKE_KUBECTL_ANSWERS/$key" ]; then cat "$FAKE_KUBECTL_ANSWERS/$key"; exit 0; fi
                # a read of the whole run (go-template): the next of the prepared states, the last one repeating
                case " $* " in *" -o go-template="*)
                  for f in "$FAKE_KUBECTL_ANSWERS"/state-*; do
                    [ -f "$f" ] || break
                    cat "$f"; n=$(ls "$FAKE_KUBECTL_ANSWERS"/state-* | wc -l); [ "$n" -gt 1 ] && rm "$f"; exit 0
                  done ;;
                esac
                # prepared failures of annotate and create, one per call
                for verb in annotate create; do
                  case " $* " in *" $verb "*)
                    f=$(ls "$FAKE_KUBECTL_ANSWERS"/$verb-fails-* 2>/dev/null | head -1)
                    if [ -n "$f" ]; then cat "$f" >&2; rm "$f"; exit 1; fi ;;
                  esac
                done
                case " $* " in *" annotate "*|*" logs "*|*" create "*) exit 0 ;; esac
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
        builder.environment().put("FAKE_KUBECTL_CREATED", created.toString());
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

    /** The plugin's read of a run to retry (kubectl renders it; here it is given as rendered). */
    private static final String RETRY_READ = "-o jsonpath={.metadata.namespace}{\"\\n\"}{.status.phase}{\"\\n\"}"
            + "{.spec.workspace}{\"\\n\"}{.spec.workflow}{\"\\n\"}{.spec.step}{\"\\n\"}{.spec.action.block}{\"\\n\"}"
            + "{.spec.action.action}{\"\\n\"}{.spec.force}{\"\\n\"}{.spec.approvalTimeoutSeconds}{\"\\n\"}"
            + "{.spec.fromStep}{\"\\n\"}{range .status.steps[*]}{.name}={.phase} {end}{\"\\n\"}";

    /**
     * A finished run to retry, as the plugin reads it: its phase, its spec's fields separated by "|" (workspace,
     * workflow, step, action block, action, force, approvalTimeoutSeconds, fromStep; empty when absent), its steps
     * as "name=phase " pairs; and the other runs of its namespace.
     */
    private void finishedRun(String namespaceArgs, String run, String phase, String spec, String steps,
            String... otherRuns) throws Exception {
        answer(namespaceArgs + "get workflowrun " + run + " -o name", "workflowrun.polycrate.io/" + run);
        answer(namespaceArgs + "get workflowrun " + run + " " + RETRY_READ, String.join("\n", "team", phase,
                spec.replace('|', '\n'), steps) + "\n");
        answer(namespaceArgs + "get workflowruns -o jsonpath={.items[*].metadata.name}", run + " "
                + String.join(" ", otherRuns));
    }

    /** The run retry creates: the JSON it gives kubectl create. */
    private static String newRun(String name, String retryOf, String spec) {
        return "{\"apiVersion\":\"polycrate.io/v1alpha1\",\"kind\":\"WorkflowRun\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"team\",\"annotations\":{\"polycrate.io/retry-of\":\"" + retryOf + "\"}},\"spec\":"
                + spec + "}";
    }

    private List<String> created() throws IOException {
        return Files.exists(created) ? Files.readAllLines(created).stream().filter(l -> !l.isEmpty()).toList()
                : List.of();
    }

    @Test
    void retryCreatesARunFromTheFirstFailedStepWithTheSameSpec() throws Exception {
        finishedRun("-n team ", "deploy-x7k2p", "Succeeded", "ws|deploy||||true|3600|", "one=Succeeded "
                + "two=Failed three=Rejected four=Succeeded ");

        Result result = plugin("-n", "team", "retry", "deploy-x7k2p");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("deploy-x7k2p-retry-1\n");
        assertThat(result.err()).isEqualTo("Retrying workflowrun/deploy-x7k2p (Succeeded) as "
                + "workflowrun/deploy-x7k2p-retry-1: from step 'two'\n");
        assertThat(calls()).contains("-n team create -f - -o name");
        assertThat(created()).containsExactly(newRun("deploy-x7k2p-retry-1", "deploy-x7k2p", "{\"workspace\":\"ws\","
                + "\"workflow\":\"deploy\",\"fromStep\":\"two\",\"force\":true,\"approvalTimeoutSeconds\":3600}"));
    }

    @Test
    void aRetryOfARetryTakesTheNextNumberAndStartsAtItsFailedStep() throws Exception {
        // the first retry started at two; its failed step is three
        finishedRun("", "deploy-x7k2p-retry-1", "Failed", "ws|deploy||||false||two",
                "one=Skipped two=Succeeded three=Failed ", "deploy-x7k2p", "deploy-x7k2p-retry-2", "other-retry-9");

        Result result = plugin("retry", "deploy-x7k2p-retry-1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("deploy-x7k2p-retry-3\n");
        assertThat(created()).containsExactly(newRun("deploy-x7k2p-retry-3", "deploy-x7k2p-retry-1",
                "{\"workspace\":\"ws\",\"workflow\":\"deploy\",\"fromStep\":\"three\",\"force\":false}"));
    }

    @Test
    void aCancelledRunIsRetriedFromTheFirstStepOfItThatDidNotSucceed() throws Exception {
        // it started at two (spec.fromStep): one was skipped, not cancelled
        finishedRun("", "r1", "Cancelled", "ws|deploy||||||two", "one=Skipped two=Succeeded three=Cancelled "
                + "four=Skipped ");

        Result result = plugin("retry", "r1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(created()).containsExactly(newRun("r1-retry-1", "r1",
                "{\"workspace\":\"ws\",\"workflow\":\"deploy\",\"fromStep\":\"three\"}"));
    }

    @Test
    void runsOfOneStepOrActionAndRunsWithoutStepsAreRetriedWhole() throws Exception {
        finishedRun("", "step", "Failed", "ws|deploy|two|||||", "two=Failed ");
        finishedRun("", "action", "Failed", "ws|||db|install|||", "install=Rejected ");
        finishedRun("", "unplanned", "Failed", "ws|deplyo||||||", "");

        assertThat(plugin("retry", "step").err()).endsWith(": its step 'two' again\n");
        assertThat(plugin("retry", "action").err()).endsWith(": its action again\n");
        assertThat(plugin("retry", "unplanned").err()).endsWith(": all its steps again\n");

        assertThat(created()).containsExactly(
                newRun("step-retry-1", "step", "{\"workspace\":\"ws\",\"workflow\":\"deploy\",\"step\":\"two\"}"),
                newRun("action-retry-1", "action",
                        "{\"workspace\":\"ws\",\"action\":{\"block\":\"db\",\"action\":\"install\"}}"),
                newRun("unplanned-retry-1", "unplanned", "{\"workspace\":\"ws\",\"workflow\":\"deplyo\"}"));
    }

    @Test
    void aNameTakenMeanwhileIsSkippedButAGivenNameIsNot() throws Exception {
        String exists = "Error from server (AlreadyExists): error when creating \"STDIN\": workflowruns.polycrate.io "
                + "\"%s\" already exists\n";
        finishedRun("", "r1", "Failed", "ws|deploy||||||", "one=Failed ");
        Files.writeString(answers.resolve("create-fails-1"), exists.formatted("r1-retry-1"));

        Result taken = plugin("retry", "r1");

        assertThat(taken.exitCode()).as(taken.err()).isZero();
        assertThat(taken.out()).isEqualTo("r1-retry-2\n");

        Files.writeString(answers.resolve("create-fails-1"), exists.formatted("fix-it"));
        Result given = plugin("retry", "r1", "--name", "fix-it");

        assertThat(given.exitCode()).isEqualTo(1);
        assertThat(given.err()).isEqualTo("kubectl polycrate: " + exists.formatted("fix-it"));
        assertThat(created()).extracting(json -> json.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"))
                .containsExactly("r1-retry-1", "r1-retry-2", "fix-it");
    }

    @Test
    void aRunThatHasNotFinishedOrHadNoFailureIsNotRetried() throws Exception {
        finishedRun("", "running", "Running", "ws|deploy||||||", "one=Succeeded two=Running ");
        finishedRun("", "fine", "Succeeded", "ws|deploy||||||", "one=Succeeded two=Succeeded ");

        Result running = plugin("retry", "running");
        Result fine = plugin("retry", "fine");

        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.err()).isEqualTo("kubectl polycrate: workflowrun \"running\" has not finished (phase: "
                + "Running); only a finished run can be retried (to stop it: kubectl patch workflowrun running --type "
                + "merge -p '{\"spec\":{\"cancel\":true}}')\n");
        assertThat(fine.exitCode()).isEqualTo(1);
        assertThat(fine.err()).isEqualTo("kubectl polycrate: workflowrun \"fine\" succeeded without a failed or "
                + "rejected step: nothing to retry\n");
        assertThat(plugin("retry").err()).isEqualTo("kubectl polycrate: usage: kubectl polycrate retry RUN [--name NEW]\n");
        assertThat(created()).isEmpty();
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
