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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin's own logic (what it creates, which prompt it answers, how it merges the annotation's id set,
 * how it follows a run and its steps, its exit codes and errors, its completion) against a stand-in kubectl that
 * answers given calls and records every call. Rendering of kubectl's jsonpath and go-templates is kubectl's job:
 * the tests give the rendered answer; the end-to-end tier runs the plugin with the real kubectl.
 */
class KubectlPluginTest {
    private static final Path PLUGIN = Path.of("plugin", "kubectl-polycrate");
    private static final Path COMPLETION = Path.of("plugin", "kubectl_complete-polycrate");
    private static final String US = "\u001f";
    private static final String RS = "\u001e";

    /** The plugin's reads, as it gives them to kubectl (taken from the plugin, so that a test breaks with it). */
    private static String runRead;
    private static String answerRead;

    @TempDir
    Path dir;

    private Path answers;
    private Path calls;
    private Path created;

    @BeforeAll
    static void readsOfThePlugin() throws IOException {
        String source = Files.readString(PLUGIN);
        runRead = variable(source, "RUN_READ");
        answerRead = variable(source, "ANSWER_READ");
    }

    private static String variable(String source, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "='(.*)'$").matcher(source);
        assertThat(m.find()).as(name + " in the plugin").isTrue();
        return m.group(1);
    }

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
                # answers to exactly these arguments: <key>.<n>, the lowest n first; the last one repeats.
                # An answer file ending in .fail is written to stderr, with exit code 1.
                f=$(ls "$FAKE_KUBECTL_ANSWERS" | grep "^$key\\." | sort -t. -k2 -n | head -1)
                if [ -n "$f" ]; then
                  n=$(ls "$FAKE_KUBECTL_ANSWERS" | grep -c "^$key\\.")
                  path=$FAKE_KUBECTL_ANSWERS/$f
                  if [[ $f == *.fail ]]; then cat "$path" >&2; [ "$n" -gt 1 ] && rm "$path"; exit 1; fi
                  cat "$path"; [ "$n" -gt 1 ] && rm "$path"; exit 0
                fi
                # prepared failures of annotate and create, one per call
                for verb in annotate create; do
                  case " $* " in *" $verb "*)
                    f=$(ls "$FAKE_KUBECTL_ANSWERS"/$verb-fails-* 2>/dev/null | head -1)
                    if [ -n "$f" ]; then cat "$f" >&2; rm "$f"; exit 1; fi ;;
                  esac
                done
                case " $* " in *" annotate "*|*" create "*|*" patch "*) exit 0 ;; esac
                # a go-template read nobody prepared renders nothing
                case " $* " in *" -o go-template="*) exit 0 ;; esac
                echo "Error from server (NotFound): not found" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String key(String args) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(args.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    private int answerCount;

    /** The stand-in kubectl prints these outputs, one per call, when called with exactly these arguments. */
    private void answer(String args, String... outputs) throws Exception {
        for (String output : outputs) {
            Files.writeString(answers.resolve(key(args) + "." + (answerCount++)), output);
        }
    }

    /** The stand-in kubectl fails with this error output when called with exactly these arguments. */
    private void failure(String args, String error) throws Exception {
        Files.writeString(answers.resolve(key(args) + "." + (answerCount++) + ".fail"), error);
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result plugin(String... args) throws Exception {
        return execute(PLUGIN, args);
    }

    private Result execute(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_KUBECTL_CALLS", calls.toString());
        builder.environment().put("FAKE_KUBECTL_ANSWERS", answers.toString());
        builder.environment().put("FAKE_KUBECTL_CREATED", created.toString());
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private List<String> created() throws IOException {
        return Files.exists(created) ? Files.readAllLines(created).stream().filter(l -> !l.isEmpty()).toList()
                : List.of();
    }

    /** A run as the plugin's RUN_READ renders it. */
    private static final class Run {
        String namespace = "team";
        String phase = "Running";
        String finished = "False";
        String reason = "Running";
        String currentStep = "";
        String progress = "";
        String prompt = "";
        String question = "";
        String steps = "";
        String promptIds = "";
        String message = "";

        Run phase(String phase, String finished, String reason) {
            this.phase = phase;
            this.finished = finished;
            this.reason = reason;
            return this;
        }

        Run waiting(String prompt, String question) {
            this.phase = "AwaitingApproval";
            this.reason = "AwaitingApproval";
            this.prompt = prompt;
            this.question = question;
            return this;
        }

        /** Steps as "name=phase=job" words. */
        Run steps(String... steps) {
            this.steps = String.join(" ", steps) + (steps.length == 0 ? "" : " ");
            return this;
        }

        Run promptIds(String ids) {
            this.promptIds = ids;
            return this;
        }

        Run message(String message) {
            this.message = message;
            return this;
        }

        String render() {
            return String.join(US, namespace, phase, finished, reason, currentStep, progress, prompt, question, steps,
                    promptIds, message) + RS;
        }
    }

    private static Run run() {
        return new Run();
    }

    private static String readArgs(String namespaceArgs, String run) {
        return namespaceArgs + "get workflowrun " + run + " -o jsonpath=" + runRead;
    }

    /** Each read of the run answers the next of these states; the last one repeats. */
    private void runStates(String namespaceArgs, String name, Run... states) throws Exception {
        String[] rendered = new String[states.length];
        for (int i = 0; i < states.length; i++) {
            rendered[i] = states[i].render();
        }
        answer(readArgs(namespaceArgs, name), rendered);
    }

    /** A watch of the run: each watch call prints the next of these batches of records. */
    private void watch(String namespaceArgs, String name, String... batches) throws Exception {
        answer(namespaceArgs + "get workflowrun " + name + " -w -o jsonpath=" + runRead, batches);
    }

    // --- approve / reject ---------------------------------------------------------------------------------------

    private void answerState(String namespaceArgs, String run, String key, String rv, String current,
            String answeredBy, String ignored) throws Exception {
        answer(namespaceArgs + "get workflowrun " + run + " -o jsonpath=" + answerRead.replace("@KEY@", key),
                String.join(US, rv, current, answeredBy, ignored));
    }

    private void waitingRun(String namespaceArgs, String run, String promptId, String existingApprovals,
            String answeredBy) throws Exception {
        waitingRun(namespaceArgs, run, promptId, existingApprovals, answeredBy, "");
    }

    private void waitingRun(String namespaceArgs, String run, String promptId, String existingApprovals,
            String answeredBy, String ignored) throws Exception {
        answer(namespaceArgs + "auth whoami -o jsonpath={.status.userInfo.username}", "alice");
        runStates(namespaceArgs, run, run().waiting(promptId, "Deploy?")
                .promptIds("workflow step:install-db action:install-db step:two step:deploy"));
        answerState(namespaceArgs, run, "approve", "42", existingApprovals, answeredBy, ignored);
        answerState(namespaceArgs, run, "reject", "42", "", answeredBy, "");
    }

    @Test
    void approveAnnotatesThePromptThatWaitsNow() throws Exception {
        waitingRun("", "deploy-x7k2p", "workflow", "", "");

        Result result = plugin("approve", "deploy-x7k2p");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Approved prompt 'workflow' of workflowrun/deploy-x7k2p as alice: Deploy?\n");
        assertThat(calls()).contains("annotate workflowrun deploy-x7k2p polycrate.io/approve=workflow "
                + "polycrate.io/answered-by=workflow=alice --overwrite --resource-version=42");
    }

    @Test
    void approveKeepsTheIdsAlreadyApprovedAndDropsThoseTheOperatorIgnored() throws Exception {
        waitingRun("-n prod ", "deploy-x7k2p", "step:install-db", "workflow,stpe:typo,action:install-db",
                "workflow=bob,action:install-db=carol", "stpe:typo");

        Result result = plugin("-n", "prod", "approve", "deploy-x7k2p");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEqualTo("Dropped from polycrate.io/approve what names no prompt of the run: stpe:typo\n");
        assertThat(calls()).contains("-n prod annotate workflowrun deploy-x7k2p "
                + "polycrate.io/approve=workflow,action:install-db,step:install-db "
                + "polycrate.io/answered-by=workflow=bob,action:install-db=carol,step:install-db=alice "
                + "--overwrite --resource-version=42");
    }

    @Test
    void rejectUsesTheRejectAnnotation() throws Exception {
        waitingRun("", "r1", "step:two", "", "");

        Result result = plugin("reject", "r1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Rejected prompt 'step:two'");
        assertThat(calls()).contains("annotate workflowrun r1 polycrate.io/reject=step:two "
                + "polycrate.io/answered-by=step:two=alice --overwrite --resource-version=42");
    }

    @Test
    void aRunThatWaitsAtNoPromptOrHasEndedIsAClearError() throws Exception {
        waitingRun("", "r1", "", "", "");
        runStates("", "r1", run());
        runStates("", "done", run().phase("Failed", "True", "StepFailed"));

        Result running = plugin("approve", "r1");
        Result done = plugin("approve", "done");

        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.err()).isEqualTo("kubectl polycrate: workflowrun \"r1\" waits at no prompt (phase: Running)\n");
        assertThat(done.exitCode()).isEqualTo(1);
        assertThat(done.err()).isEqualTo("kubectl polycrate: workflowrun/done has ended (Failed, StepFailed): no "
                + "prompt to answer\n");
        assertThat(calls()).noneMatch(call -> call.startsWith("annotate"));
    }

    @Test
    void anIdThatNamesNoPromptOfTheRunIsRefusedWithTheRunsPrompts() throws Exception {
        waitingRun("", "r1", "workflow", "", "");

        Result result = plugin("approve", "r1", "step:instal-db");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("kubectl polycrate: workflowrun/r1 has no prompt \"step:instal-db\" (its "
                + "prompts: workflow, step:install-db, action:install-db, step:two, step:deploy)\n");
        assertThat(calls()).noneMatch(call -> call.startsWith("annotate"));
    }

    @Test
    void anAnswerThatMeetsAnotherIsWrittenAgainOnTheNewerRun() throws Exception {
        waitingRun("", "r1", "workflow", "", "");
        // bob answered an earlier prompt between our read and our write: our write is refused, we read again
        answerState("", "r1", "approve", "43", "step:early", "step:early=bob", "");
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
        waitingRun("", "r1", "workflow", "", "");
        Files.writeString(answers.resolve("annotate-fails-1"), "error: workflowruns.polycrate.io \"r1\" is forbidden: "
                + "ValidatingAdmissionPolicy 'polycrate-approvals' with binding 'polycrate-approvals' denied request: "
                + "alice may not answer prompts of workflowrun r1\n");

        Result result = plugin("approve", "r1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("kubectl polycrate: workflowruns.polycrate.io \"r1\" is forbidden: "
                + "ValidatingAdmissionPolicy 'polycrate-approvals'").contains("alice may not answer prompts");
        assertThat(calls()).filteredOn(c -> c.startsWith("annotate")).hasSize(1);
    }

    // --- errors -------------------------------------------------------------------------------------------------

    @Test
    void aMissingRunIsAClearErrorAndKubectlsOwnErrorsPassThrough() throws Exception {
        failure("--context nope get workflowrun x -o jsonpath=" + runRead,
                "error: context \"nope\" does not exist\n");

        Result missing = plugin("-n", "prod", "status", "nope");
        Result context = plugin("--context", "nope", "status", "x");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("kubectl polycrate: no workflowrun named \"nope\" (kubectl -n prod)\n");
        assertThat(context.exitCode()).isEqualTo(1);
        assertThat(context.err()).isEqualTo("error: context \"nope\" does not exist\n");
    }

    @Test
    void everyCommandHasItsHelpAndUnknownCommandsAndArgumentsAreUsageErrors() throws Exception {
        for (String command : List.of("run", "wait", "logs", "status", "list", "inspect", "approve", "reject",
                "cancel", "retry")) {
            Result help = plugin(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: kubectl polycrate " + command);
            assertThat(plugin("help", command).out()).isEqualTo(help.out());
        }
        assertThat(calls()).isEmpty();
        assertThat(plugin("approve").err()).startsWith("kubectl polycrate: usage: kubectl polycrate approve RUN [PROMPT]\n");
        Result badId = plugin("approve", "r1", "stpe:x");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).startsWith("kubectl polycrate: \"stpe:x\" is no prompt id: workflow, step:<step> or action:<step>\n");
        Result unknown = plugin("aprove", "r1");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("approve RUN [PROMPT]").contains("unknown command \"aprove\"\n");
        Result badFlag = plugin("wait", "r1", "--timout", "5m");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.err()).startsWith("kubectl polycrate: unknown flag --timout\n(see: kubectl polycrate wait --help)");
    }

    // --- run and wait -------------------------------------------------------------------------------------------

    @Test
    void runCreatesARunWithAGeneratedNameAndPrintsIt() throws Exception {
        answer("-n team create -f - -o jsonpath={.metadata.name}", "deploy-x7k2p");

        Result result = plugin("-n", "team", "run", "ws", "deploy", "--from-step", "two", "--force",
                "--approval-timeout", "600");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("deploy-x7k2p\n");
        assertThat(result.err()).isEqualTo("Started workflowrun/deploy-x7k2p: workflow 'deploy', from step 'two', "
                + "every prompt skipped (--force) of workspace 'ws'\n");
        assertThat(created()).containsExactly("{\"apiVersion\":\"polycrate.io/v1alpha1\",\"kind\":\"WorkflowRun\","
                + "\"metadata\":{\"generateName\":\"deploy-\"},\"spec\":{\"workspace\":\"ws\",\"workflow\":\"deploy\","
                + "\"fromStep\":\"two\",\"force\":true,\"approvalTimeoutSeconds\":600}}");
    }

    @Test
    void runOfOneActionOrStepWithAGivenName() throws Exception {
        answer("create -f - -o jsonpath={.metadata.name}", "fix-db", "one");

        assertThat(plugin("run", "ws", "--action", "db/install", "--name", "fix-db").exitCode()).isZero();
        assertThat(plugin("run", "ws", "deploy", "--step", "one").exitCode()).isZero();

        assertThat(created()).containsExactly(
                "{\"apiVersion\":\"polycrate.io/v1alpha1\",\"kind\":\"WorkflowRun\",\"metadata\":{\"name\":\"fix-db\"},"
                        + "\"spec\":{\"workspace\":\"ws\",\"action\":{\"block\":\"db\",\"action\":\"install\"}}}",
                "{\"apiVersion\":\"polycrate.io/v1alpha1\",\"kind\":\"WorkflowRun\",\"metadata\":{\"generateName\":"
                        + "\"deploy-\"},\"spec\":{\"workspace\":\"ws\",\"workflow\":\"deploy\",\"step\":\"one\"}}");
    }

    @Test
    void runRefusesAContradictoryCommandLineBeforeCreatingAnything() throws Exception {
        assertThat(plugin("run", "ws", "deploy", "--step", "a", "--from-step", "b").err())
                .startsWith("kubectl polycrate: --step runs one step, --from-step starts at one: give one of them\n");
        assertThat(plugin("run", "ws").err()).startsWith("kubectl polycrate: name a WORKFLOW of workspace \"ws\"");
        assertThat(plugin("run", "ws", "deploy", "--action", "db/install").exitCode()).isEqualTo(2);
        assertThat(plugin("run", "ws", "deploy", "--name", "Bad_Name").exitCode()).isEqualTo(2);
        assertThat(plugin("run", "ws", "deploy", "--wait", "--timeout", "soon").err())
                .startsWith("kubectl polycrate: --timeout: \"soon\" is no duration (e.g. 90s, 10m, 1h)\n");
        assertThat(calls()).isEmpty();
    }

    @Test
    void runWaitExitsWithTheRunsOutcome() throws Exception {
        answer("create -f - -o jsonpath={.metadata.name}", "ok", "failed", "partly", "stopped");
        String running = run().steps("one=Running=j1", "two=Pending=").render();
        watch("", "ok", running, run().phase("Succeeded", "True", "Succeeded").message("All 2 steps succeeded").render());
        watch("", "failed", running + run().phase("Failed", "True", "StepFailed")
                .message("Step 'one' failed (transaction t1): exit code 3: boom: could not connect").render());
        watch("", "partly", run().phase("Succeeded", "True", "CompletedWithFailures").render());
        watch("", "stopped", run().phase("Cancelled", "True", "Cancelled").render());

        Result ok = plugin("run", "ws", "deploy", "--wait");
        Result failed = plugin("run", "ws", "deploy", "--wait");
        Result partly = plugin("run", "ws", "deploy", "--wait");
        Result stopped = plugin("run", "ws", "deploy", "--wait");

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("ok\nworkflowrun/ok Succeeded: All 2 steps succeeded\n");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.out()).isEqualTo("failed\nworkflowrun/failed Failed (StepFailed): Step 'one' failed "
                + "(transaction t1): exit code 3: boom: could not connect\n");
        assertThat(partly.exitCode()).isEqualTo(4);
        assertThat(stopped.exitCode()).isEqualTo(5);
    }

    @Test
    void waitWatchesAgainWhenTheWatchEndsAndPrintsStepsAndPromptsWithWatch() throws Exception {
        runStates("", "r1", run());
        watch("", "r1",
                run().steps("one=Running=j1", "two=Pending=").render(),
                run().steps("one=Succeeded=j1", "two=AwaitingApproval=").waiting("step:two", "Deploy?").render()
                        + run().steps("one=Succeeded=j1", "two=Running=j2").render()
                        + run().phase("Succeeded", "True", "Succeeded").steps("one=Succeeded=j1", "two=Succeeded=j2")
                                .render());

        Result result = plugin("wait", "r1", "--watch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d", "HH:MM:SS")).isEqualTo("""
                HH:MM:SS  step one                      Running
                HH:MM:SS  step one                      Succeeded
                HH:MM:SS  step two                      AwaitingApproval
                HH:MM:SS  waiting at prompt step:two: Deploy?
                          approve: kubectl polycrate approve -n team r1   reject: kubectl polycrate reject -n team r1
                HH:MM:SS  step two                      Running
                HH:MM:SS  step two                      Succeeded
                workflowrun/r1 Succeeded
                """);
        assertThat(calls()).filteredOn(c -> c.contains(" -w ")).hasSize(2);
    }

    @Test
    void waitGivesUpAfterItsTimeoutWithItsOwnExitCode() throws Exception {
        runStates("", "r1", run());
        // every watch shows the run going on, and ends (as the API server ends watches): it is watched again
        answer("get workflowrun r1 -w -o jsonpath=" + runRead, run().render());

        Result result = plugin("wait", "r1", "--timeout", "2s");

        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).isEqualTo("kubectl polycrate: timed out after 2s waiting for workflowrun/r1 to end "
                + "(phase: Running)\n");
    }

    @Test
    void waitOnAMissingRunSaysSo() throws Exception {
        Result result = plugin("wait", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("kubectl polycrate: no workflowrun named \"nope\"\n");
    }

    // --- logs ---------------------------------------------------------------------------------------------------

    @Test
    void logsShowEveryStepInOrderWithAPrefix() throws Exception {
        runStates("", "r1", run().phase("Failed", "True", "StepFailed")
                .steps("one=Succeeded=r1-0-one", "two=Rejected=", "three=Failed=r1-2-three", "four=Skipped="));
        answer("logs job/r1-0-one -c step", "hello\nworld\n");
        answer("logs job/r1-2-three -c step", "boom\n");

        Result result = plugin("logs", "r1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("[one] hello\n[one] world\n[three] boom\n");
        assertThat(result.err()).isEqualTo("[two] Rejected: no Job ran\n[four] Skipped: no Job ran\n");
    }

    @Test
    void logsOfOneStepAreItsOutputAsItWroteIt() throws Exception {
        runStates("", "r1", run().steps("one=Succeeded=r1-0-one", "two=Running=r1-1-two"));
        answer("logs job/r1-1-two -c step --tail 5", "tail line\n");

        Result result = plugin("logs", "r1", "two", "--tail", "5");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("tail line\n");
    }

    @Test
    void logsOfAStepThatDoesNotExistOrHasNotStartedSaySo() throws Exception {
        runStates("", "r1", run().waiting("step:two", "Deploy?").steps("one=Succeeded=r1-0-one",
                "two=AwaitingApproval=", "three=Pending="));

        Result missing = plugin("logs", "r1", "too");
        Result waiting = plugin("logs", "r1", "two");
        Result pending = plugin("logs", "r1", "three");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("kubectl polycrate: workflowrun/r1 has no step \"too\" (its steps: one two three )\n");
        assertThat(waiting.exitCode()).isEqualTo(1);
        assertThat(waiting.err()).isEqualTo("kubectl polycrate: step 'two' of workflowrun/r1 has not started: it "
                + "waits at prompt step:two: Deploy? (approve: kubectl polycrate approve -n team r1   reject: "
                + "kubectl polycrate reject -n team r1)\n");
        assertThat(pending.err()).startsWith("kubectl polycrate: step 'three' of workflowrun/r1 has not started (Pending");
    }

    @Test
    void logsFollowEveryStepAsItStartsUntilTheRunEnds() throws Exception {
        runStates("", "r1",
                run().steps("one=Running=r1-0-one", "two=Pending="),
                run().steps("one=Succeeded=r1-0-one", "two=AwaitingApproval=").waiting("step:two", "Go?"),
                run().steps("one=Succeeded=r1-0-one", "two=Running=r1-1-two"),
                run().phase("Succeeded", "True", "Succeeded").steps("one=Succeeded=r1-0-one", "two=Succeeded=r1-1-two"));
        answer("logs job/r1-0-one -c step -f", "first\n");
        // the second step's container is not up at the first attempt
        failure("logs job/r1-1-two -c step -f", "error: container \"step\" in pod \"r1-1-two-abc\" is waiting to "
                + "start: ContainerCreating\n");
        answer("logs job/r1-1-two -c step -f", "second\n");

        Result result = plugin("logs", "r1", "-f");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("[one] first\n[two] second\n");
        assertThat(result.err()).isEqualTo("[two] waiting at prompt step:two: Go? (approve: kubectl polycrate approve "
                + "-n team r1   reject: kubectl polycrate reject -n team r1)\n");
    }

    // --- cancel, status, list, inspect --------------------------------------------------------------------------

    @Test
    void cancelSetsSpecCancelUnlessTheRunHasEnded() throws Exception {
        runStates("", "r1", run().steps("one=Running=j"));
        runStates("", "done", run().phase("Succeeded", "True", "Succeeded"));

        Result cancel = plugin("cancel", "r1");
        Result done = plugin("cancel", "done");

        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        assertThat(calls()).contains("patch workflowrun r1 --type merge -p {\"spec\":{\"cancel\":true}}");
        assertThat(done.exitCode()).isZero();
        assertThat(done.out()).isEqualTo("workflowrun/done has already ended (Succeeded, Succeeded); nothing to cancel\n");
        assertThat(calls()).noneMatch(c -> c.startsWith("patch workflowrun done"));
    }

    @Test
    void statusExitsWithTheOutcomeOfAnEndedRun() throws Exception {
        runStates("", "r1", run().phase("Failed", "True", "StepFailed").message("Step 'one' failed: exit code 3: boom"));
        answer("get workflowrun r1 -o json", "{\"kind\":\"WorkflowRun\"}");
        runStates("", "r2", run().waiting("workflow", "Go?"));

        Result failed = plugin("status", "r1");
        Result json = plugin("status", "r1", "-o", "json");
        Result waiting = plugin("status", "r2");

        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.out()).contains("Phase:     Failed\nReason:    StepFailed\n"
                + "Message:   Step 'one' failed: exit code 3: boom\n");
        assertThat(json.exitCode()).isEqualTo(3);
        assertThat(json.out()).isEqualTo("{\"kind\":\"WorkflowRun\"}\n");
        assertThat(waiting.exitCode()).isZero();
        assertThat(waiting.out()).contains("Waiting:   workflow: Go?\n           approve: kubectl polycrate approve -n team r2");
        assertThat(plugin("status", "r1", "-o", "wide").exitCode()).isEqualTo(2);
    }

    @Test
    void listFiltersOnTheApiServer() throws Exception {
        answer("-n team get workflowruns --field-selector spec.workspace=ws,status.phase=Failed -o wide", "NAME ...\n");

        Result result = plugin("-n", "team", "list", "--workspace", "ws", "--phase", "Failed", "-o", "wide");
        Result all = plugin("list", "-A");
        Result bad = plugin("list", "--phase", "Broken");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("NAME ...\n");
        assertThat(calls()).contains("get workflowruns -A");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("kubectl polycrate: --phase: \"Broken\" is none of Pending, Running");
    }

    private static final String READY_READ = "-o jsonpath={.status.conditions[?(@.type==\"Ready\")].status}{\"\\u001f\"}"
            + "{.status.conditions[?(@.type==\"Ready\")].reason}{\"\\u001f\"}{.status.conditions[?(@.type==\"Ready\")].message}";

    @Test
    void inspectFailsOnAnInvalidWorkspaceAndNamesTheWorkflowsWhenOneIsMissing() throws Exception {
        answer("get workspace bad " + READY_READ, String.join(US, "False", "InvalidSpec",
                "spec.workflows[0].steps[1].block: no block named 'dbb'"));
        answer("get workspace ws -o jsonpath={.spec.workflows[?(@.name==\"deplyo\")].name}", "");
        answer("get workspace ws -o jsonpath={.spec.workflows[*].name}", "deploy rollback");

        Result invalid = plugin("inspect", "bad");
        Result missing = plugin("inspect", "ws", "deplyo");

        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).isEqualTo("kubectl polycrate: workspace \"bad\" is invalid (InvalidSpec): "
                + "spec.workflows[0].steps[1].block: no block named 'dbb'\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo(
                "kubectl polycrate: workspace \"ws\" has no workflow named \"deplyo\" (it has: deploy rollback)\n");
    }

    @Test
    void inspectListsEveryPromptWithItsId() throws Exception {
        answer("get workspace ws -o jsonpath={.spec.workflows[?(@.name==\"deploy\")].name}", "deploy");
        answer("get workspace ws " + READY_READ, String.join(US, "True", "Valid", ""));
        answer("get workspace ws -o go-template={{range .status.workflows}}{{if eq .name \"deploy\"}}{{range index . "
                + "\"prompts\"}}  {{.id}}\t{{.message}}\n{{end}}{{end}}{{end}}",
                "  workflow\tRun it?\n  step:db\tBackup first?\n  action:db\tReally install?\n");

        Result result = plugin("inspect", "ws", "deploy");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Prompts (in the order asked; approve one ahead of time with: kubectl "
                + "polycrate approve RUN <id>):\n").contains("workflow", "step:db", "action:db  Really install?");
    }

    // --- completion ---------------------------------------------------------------------------------------------

    @Test
    void completionListsSubcommandsRunNamesAndPromptIds() throws Exception {
        answer("-n team get workflowruns -o jsonpath={.items[*].metadata.name}", "deploy-a deploy-b other");
        answer("get workflowrun deploy-a -o jsonpath={.status.promptIds[*]}", "workflow step:db action:db");

        Result commands = execute(COMPLETION, "re");
        Result runs = execute(COMPLETION, "-n", "team", "logs", "dep");
        Result prompts = execute(COMPLETION, "approve", "deploy-a", "");
        Result flags = execute(COMPLETION, "run", "ws", "deploy", "--f");

        assertThat(commands.out()).isEqualTo("reject\nretry\n:4\n");
        assertThat(runs.out()).isEqualTo("deploy-a\ndeploy-b\n:4\n");
        assertThat(prompts.out()).isEqualTo("workflow\nstep:db\naction:db\n:4\n");
        assertThat(flags.out()).isEqualTo("--from-step\n--force\n:4\n");
    }

    // --- retry ---------------------------------------------------------------------------------------------------

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
                + "Running); only a finished run can be retried (to stop it: kubectl polycrate cancel running)\n");
        assertThat(fine.exitCode()).isEqualTo(1);
        assertThat(fine.err()).isEqualTo("kubectl polycrate: workflowrun \"fine\" succeeded without a failed or "
                + "rejected step: nothing to retry\n");
        assertThat(plugin("retry").err()).startsWith("kubectl polycrate: usage: kubectl polycrate retry RUN [--name NEW]\n");
        assertThat(created()).isEmpty();
    }

}
