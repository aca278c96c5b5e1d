package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.ActionRef;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.testing.StepRunner;
import io.polycrate.operator.testing.TestNamespace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Runs of workflows against the Fabric8 mock API server, with the operator running and Jobs simulated. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class WorkflowRunReconcilerTest {
    private static final Duration WAIT = TestNamespace.WAIT;

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer mockServer;

    private TestNamespace namespace;
    private StepRunner steps;

    @BeforeEach
    void namespaceOfItsOwn(TestInfo test) {
        namespace = TestNamespace.of(client, test);
        steps = namespace.steps();
    }

    @AfterEach
    void stopRunningSteps() {
        namespace.close();
    }

    private Workspace createWorkspace(String resource) {
        return namespace.createWorkspace(resource);
    }

    private WorkflowRun createRun(String name, String workspace, String workflow, boolean force) {
        return namespace.createRun(name, workspace, workflow, force);
    }

    private WorkflowRun run(String name) {
        return namespace.run(name);
    }

    private WorkflowRun awaitPhase(String name, RunPhase phase) {
        return namespace.awaitPhase(name, phase);
    }

    private List<String> eventReasons(String name) {
        return namespace.eventReasonsOf(name);
    }

    private List<Job> jobsOf(String run) {
        return namespace.jobsOf(run);
    }

    @Test
    void exampleWorkflowRunsEachStepInItsOwnJobInOrder() {
        createWorkspace("/examples/workflow-workspace.yaml");
        createRun("wf1", "workflow-workspace", "workflow-1", true);

        WorkflowRun done = awaitPhase("wf1", RunPhase.Succeeded);

        assertThat(steps.createdJobs()).extracting(j -> j.getMetadata().getLabels().get(StepLabels.STEP))
                .containsExactly("block-1-action-1", "block-2-action-1");
        assertThat(steps.createdJobs()).extracting(j -> j.getMetadata().getName())
                .containsExactly("wf1-0-block-1-action-1", "wf1-1-block-2-action-1");
        List<StepStatus> transactions = done.getStatus().getSteps();
        assertThat(transactions).extracting(StepStatus::getPhase).containsOnly(StepPhase.Succeeded);
        assertThat(transactions).extracting(StepStatus::getExitCode).containsOnly(0);
        assertThat(transactions.get(0).getTransaction()).isNotEqualTo(transactions.get(1).getTransaction());
        assertThat(transactions).allSatisfy(t -> {
            assertThat(t.getTransaction()).matches("[0-9a-f-]{36}");
            assertThat(t.getStartTime()).isNotNull();
            assertThat(t.getCompletionTime()).isNotNull();
            // force skipped both prompts of the first step, and says so
        });
        assertThat(transactions.get(0).getApprovals()).extracting(a -> a.getPrompt() + " by " + a.getBy())
                .containsExactly("workflow by Force", "action:block-1-action-1 by Force");
        assertThat(transactions.get(1).getApprovals()).extracting(a -> a.getPrompt() + " by " + a.getBy())
                .containsExactly("step:block-2-action-1 by Force");
        for (Job job : steps.createdJobs()) {
            StepStatus step = transactions.stream().filter(s -> s.getJob().equals(job.getMetadata().getName()))
                    .findFirst().orElseThrow();
            assertThat(job.getMetadata().getLabels()).containsEntry(StepLabels.TRANSACTION, step.getTransaction());
        }
        assertThat(done.getStatus().getProgress()).isEqualTo("2/2");
        assertThat(done.getStatus().getWorkspaceGeneration()).isNotNull();
        assertThat(Conditions.find(done.getStatus().getConditions(), "Succeeded").orElseThrow())
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo("Succeeded");
                });
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventReasons("wf1")).containsExactly("RunStarted",
                "StepStarted", "StepSucceeded", "StepStarted", "StepSucceeded", "RunSucceeded"));
    }

    @Test
    void failedStepStopsTheWorkflowAndNamesItsTransaction() {
        createWorkspace("/workspaces/three-steps.yaml");
        steps.failing("two", 2, "line 1\nboom: no such table");
        createRun("fails", "three-steps", "strict", false);

        WorkflowRun failed = awaitPhase("fails", RunPhase.Failed);

        StepStatus two = failed.getStatus().getSteps().get(1);
        assertThat(two.getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(two.getExitCode()).isEqualTo(2);
        assertThat(two.getMessage()).isEqualTo("line 1\nboom: no such table");
        assertThat(failed.getStatus().getMessage())
                .isEqualTo("Step 'two' failed (transaction " + two.getTransaction() + "): exit code 2: boom: no such table");
        assertThat(failed.getStatus().getSteps().get(2).getPhase()).isEqualTo(StepPhase.Skipped);
        assertThat(jobsOf("fails")).extracting(j -> j.getMetadata().getLabels().get(StepLabels.STEP))
                .containsExactlyInAnyOrder("one", "two");
        assertThat(Conditions.find(failed.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("StepFailed");
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventReasons("fails")).containsExactly("RunStarted",
                "StepStarted", "StepSucceeded", "StepStarted", "StepFailed", "RunFailed"));
    }

    @Test
    void aStepEndsWhenItsPodEndsWithoutWaitingForTheJobControllerToMarkTheJob() {
        createWorkspace("/workspaces/three-steps.yaml");
        steps.podEndsOnly("one", 0, "one done").podEndsOnly("two", 3, "boom");
        createRun("pod-speed", "three-steps", "tolerant", false);

        WorkflowRun done = awaitPhase("pod-speed", RunPhase.Succeeded);

        assertThat(done.getStatus().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Failed, StepPhase.Succeeded);
        assertThat(done.getStatus().getSteps().get(0).getMessage()).isEqualTo("one done");
        StepStatus two = done.getStatus().getSteps().get(1);
        assertThat(two.getExitCode()).isEqualTo(3);
        assertThat(two.getMessage()).isEqualTo("boom");
        // the Jobs of steps one and two were never marked Complete or Failed: their pods said how the steps ended
        assertThat(jobsOf("pod-speed")).filteredOn(j -> !"three".equals(j.getMetadata().getLabels().get(
                StepLabels.STEP))).allSatisfy(j -> assertThat(j.getStatus() == null ? List.of()
                        : j.getStatus().getConditions()).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventReasons("pod-speed")).containsExactly("RunStarted",
                "StepStarted", "StepSucceeded", "StepStarted", "StepFailed", "StepStarted", "StepSucceeded",
                "RunSucceeded"));
    }

    @Test
    void aRunFromAStepRunsOnlyThatStepAndTheRest() {
        createWorkspace("/workspaces/three-steps.yaml");
        WorkflowRun retry = new WorkflowRun();
        retry.getMetadata().setName("retry");
        retry.getMetadata().getAnnotations().put(WorkflowRun.RETRY_OF_ANNOTATION, "fails");
        WorkflowRunSpec spec = new WorkflowRunSpec();
        spec.setWorkspace("three-steps");
        spec.setWorkflow("strict");
        spec.setFromStep("two");
        retry.setSpec(spec);
        namespace.createRun(retry);

        WorkflowRun done = awaitPhase("retry", RunPhase.Succeeded);

        assertThat(steps.createdJobs()).extracting(j -> j.getMetadata().getName())
                .containsExactly("retry-1-two", "retry-2-three");
        assertThat(done.getStatus().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Skipped, StepPhase.Succeeded, StepPhase.Succeeded);
        StepStatus one = done.getStatus().getSteps().get(0);
        assertThat(one.getTransaction()).isNull();
        assertThat(one.getMessage()).isEqualTo("Skipped: this run starts at step 'two' (spec.fromStep)");
        assertThat(done.getStatus().getProgress()).isEqualTo("2/2");
        assertThat(done.getStatus().getMessage()).isEqualTo("All 2 steps from step 'two' (spec.fromStep) succeeded");
        ConfigMap plan = client.configMaps().inNamespace(namespace.name()).withName("retry-plan").get();
        assertThat(plan.getData()).containsKeys("step-1.sh", "step-2.sh").doesNotContainKey("step-0.sh");
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventReasons("retry")).containsExactly("RunStarted",
                "StepStarted", "StepSucceeded", "StepStarted", "StepSucceeded", "RunSucceeded"));
    }

    @Test
    void allowFailureRunsTheNextStepAndEndsCompletedWithFailures() {
        createWorkspace("/workspaces/three-steps.yaml");
        steps.failing("two", 1, "");
        createRun("tolerant", "three-steps", "tolerant", false);

        WorkflowRun done = awaitPhase("tolerant", RunPhase.Succeeded);

        assertThat(done.getStatus().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Failed, StepPhase.Succeeded);
        assertThat(jobsOf("tolerant")).hasSize(3);
        var succeeded = Conditions.find(done.getStatus().getConditions(), "Succeeded").orElseThrow();
        assertThat(succeeded.getStatus() + "/" + succeeded.getReason()).isEqualTo("False/CompletedWithFailures");
        var finished = Conditions.find(done.getStatus().getConditions(), "Finished").orElseThrow();
        assertThat(finished.getStatus() + "/" + finished.getReason()).isEqualTo("True/CompletedWithFailures");
        assertThat(done.getStatus().getMessage()).contains("step 'two' failed (transaction "
                + done.getStatus().getSteps().get(1).getTransaction() + ")");
        assertThat(done.getStatus().getSteps().get(1).getMessage()).isEqualTo("exit code 1");
    }

    @Test
    void cancelDuringStepTwoDeletesItsJobAndEndsCancelled() {
        createWorkspace("/workspaces/three-steps.yaml");
        steps.holding("two");
        createRun("cancelled", "three-steps", "strict", false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(run("cancelled").getStatus().getSteps())
                .extracting(StepStatus::getPhase).element(1).isEqualTo(StepPhase.Running));

        WorkflowRun running = run("cancelled");
        running.getSpec().setCancel(true);
        client.resource(running).update();

        WorkflowRun cancelled = awaitPhase("cancelled", RunPhase.Cancelled);
        assertThat(cancelled.getStatus().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Cancelled, StepPhase.Skipped);
        await().atMost(WAIT).untilAsserted(() -> assertThat(jobsOf("cancelled"))
                .extracting(j -> j.getMetadata().getLabels().get(StepLabels.STEP)).containsExactly("one"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventReasons("cancelled")).endsWith("RunCancelled"));
    }

    @Test
    void aWorkspaceEditedMidRunDoesNotChangeTheRun() {
        createWorkspace("/workspaces/three-steps.yaml");
        steps.holding("one");
        createRun("frozen", "three-steps", "strict", false);
        await().atMost(WAIT).until(() -> !jobsOf("frozen").isEmpty());
        long planGeneration = run("frozen").getStatus().getWorkspaceGeneration();

        Workspace workspace = client.resources(Workspace.class).inNamespace(namespace.name()).withName("three-steps").get();
        workspace.getSpec().getWorkflows().get(0).getSteps().remove(2);
        workspace.getSpec().getBlocks().get(0).getActions().get(0).setScript(List.of("echo edited"));
        workspace.getMetadata().setGeneration(workspace.getMetadata().getGeneration() + 1);
        client.resource(workspace).update();
        steps.simulator().succeed(jobsOf("frozen").get(0));

        WorkflowRun done = awaitPhase("frozen", RunPhase.Succeeded);
        assertThat(done.getStatus().getSteps()).hasSize(3);
        assertThat(done.getStatus().getWorkspaceGeneration()).isEqualTo(planGeneration);
        assertThat(jobsOf("frozen")).hasSize(3);
        ConfigMap plan = client.configMaps().inNamespace(namespace.name()).withName("frozen-plan").get();
        assertThat(plan.getData().get("step-1.sh")).isEqualTo("echo two\n");
    }

    @Test
    void aMissingWorkflowOrActionFailsTheRunAtOnceAMissingWorkspaceIsAwaitedForAWhile() {
        createWorkspace("/workspaces/three-steps.yaml");
        createRun("no-workspace", "nope", "strict", false);
        createRun("workspace-comes-later", "three-steps-later", "strict", true);
        createRun("no-workflow", "three-steps", "deploy", false);
        WorkflowRun action = new WorkflowRun();
        action.getMetadata().setName("no-action");
        action.setSpec(new WorkflowRunSpec());
        action.getSpec().setWorkspace("three-steps");
        action.getSpec().setAction(new ActionRef("tools", "instal"));
        namespace.createRun(action);

        // GitOps tools apply in no set order: a run waits (polycrate.wait-timeout, 8 s in tests) for its workspace
        WorkflowRun waiting = awaitPhase("workspace-comes-later", RunPhase.Pending);
        assertThat(Conditions.find(waiting.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("WaitingForWorkspace");
        assertThat(waiting.getStatus().getMessage()).startsWith("Waiting for Workspace \"three-steps-later\" "
                + "(spec.workspace) in namespace \"" + namespace.name() + "\" to be created; the run fails if it does "
                + "not exist by ");
        Workspace later = client.getKubernetesSerialization().unmarshal(
                getClass().getResourceAsStream("/workspaces/three-steps.yaml"), Workspace.class);
        later.getMetadata().setName("three-steps-later");
        client.resource(later).inNamespace(namespace.name()).create();
        awaitPhase("workspace-comes-later", RunPhase.Succeeded);

        Map<String, String> expected = Map.of(
                "no-workspace", "spec.workspace: no Workspace named \"nope\" in namespace \"" + namespace.name()
                        + "\" (waited 8s for it to be created)",
                "no-workflow", "spec.workflow: Workspace \"three-steps\" has no workflow named \"deploy\" (it has: strict, tolerant)",
                "no-action", "spec.action.action: block \"tools\" has no action named \"instal\" (it has: one, two, three)");
        expected.forEach((name, message) -> {
            WorkflowRun failed = awaitPhase(name, RunPhase.Failed);
            assertThat(failed.getStatus().getMessage()).isEqualTo(message);
        });
        assertThat(Conditions.find(run("no-workspace").getStatus().getConditions(), "Succeeded").orElseThrow()
                .getReason()).isEqualTo("WorkspaceNotFound");
        assertThat(namespace.eventReasonsOf("no-workspace")).containsSubsequence("RunWaiting", "RunFailed");
        assertThat(client.batch().v1().jobs().inNamespace(namespace.name()).list().getItems())
                .allMatch(job -> job.getMetadata().getName().startsWith("workspace-comes-later-"));
    }

    @Test
    void aSingleActionRunsAsOneJob() {
        createWorkspace("/workspaces/three-steps.yaml");
        WorkflowRun action = new WorkflowRun();
        action.getMetadata().setName("single");
        action.setSpec(new WorkflowRunSpec());
        action.getSpec().setWorkspace("three-steps");
        action.getSpec().setAction(new ActionRef("tools", "three"));
        namespace.createRun(action);

        WorkflowRun done = awaitPhase("single", RunPhase.Succeeded);
        assertThat(done.getStatus().getSteps()).extracting(StepStatus::getName).containsExactly("three");
        assertThat(steps.createdJobs()).extracting(j -> j.getMetadata().getName()).containsExactly("single-0-three");
    }

    @Test
    void oneStepOfAWorkflow() {
        createWorkspace("/workspaces/three-steps.yaml");
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName("only-two");
        run.setSpec(new WorkflowRunSpec());
        run.getSpec().setWorkspace("three-steps");
        run.getSpec().setWorkflow("strict");
        run.getSpec().setStep("two");
        namespace.createRun(run);

        awaitPhase("only-two", RunPhase.Succeeded);
        assertThat(steps.createdJobs()).extracting(j -> j.getMetadata().getName()).containsExactly("only-two-1-two");
    }

    @Test
    void runsOfASerialWorkspaceQueueInCreationOrder() {
        createWorkspace("/workspaces/serial.yaml");
        steps.holding("two");
        createRun("first", "serial", "deploy", false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(run("first").getStatus().getSteps())
                .extracting(StepStatus::getPhase).element(1).isEqualTo(StepPhase.Running));
        createRun("second", "serial", "deploy", false);

        await().atMost(WAIT).untilAsserted(() -> assertThat(run("second").getStatus().getMessage())
                .isEqualTo("Queued behind run 'first': workspace 'serial' runs one run at a time (concurrency: Serial)"));
        assertThat(run("second").getStatus().getPhase()).isEqualTo(RunPhase.Pending);
        assertThat(jobsOf("second")).isEmpty();

        steps.simulator().succeed(jobsOf("first").stream()
                .filter(j -> "two".equals(j.getMetadata().getLabels().get(StepLabels.STEP))).findFirst().orElseThrow());
        awaitPhase("first", RunPhase.Succeeded);
        await().atMost(WAIT).untilAsserted(() -> assertThat(run("second").getStatus().getSteps())
                .extracting(StepStatus::getPhase).element(1).isEqualTo(StepPhase.Running));
        assertThat(eventReasons("second")).startsWith("RunQueued", "RunStarted");
    }

    @Test
    void aRunWhoseJobsTheApiServerRefusesSaysSoAndKeepsTrying() {
        mockServer.expect().post().withPath("/apis/batch/v1/namespaces/" + namespace.name() + "/jobs")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("jobs.batch is forbidden: User \"system:serviceaccount:ops:polycrate\" cannot create")
                        .build())
                .times(3);
        createWorkspace("/workspaces/three-steps.yaml");
        createRun("forbidden", "three-steps", "strict", false);

        await().atMost(WAIT).untilAsserted(() -> assertThat(namespace.eventsOf("forbidden"))
                .filteredOn(e -> "ReconcileFailed".equals(e.getReason()))
                .first().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("jobs.batch is forbidden").endsWith("; retrying")
                            .doesNotContain("https://", "Exception", "Failure executing");
                }));
        WorkflowRun done = awaitPhase("forbidden", RunPhase.Succeeded);
        // kubectl describe told the user while it lasted, and tells that it is over
        assertThat(namespace.eventsOf("forbidden")).filteredOn(e -> "ReconcileFailed".equals(e.getReason()))
                .first().satisfies(e -> assertThat(e.getMessage()).startsWith(
                        "Could not make progress (attempt 1): The API server refused the operator (403): jobs.batch is "
                                + "forbidden: User \"system:serviceaccount:ops:polycrate\" cannot create; check its "
                                + "service account's RBAC"));
        assertThat(Conditions.find(done.getStatus().getConditions(), "ReconcileError")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Recovered");
        });
        assertThat(done.getStatus().getSteps().get(0).getTransaction())
                .isEqualTo(jobsOf("forbidden").stream().filter(j -> j.getMetadata().getName().endsWith("-0-one"))
                        .findFirst().orElseThrow().getMetadata().getLabels().get(StepLabels.TRANSACTION));
    }

    @Test
    void aRunWithoutSpecFailsWithAMessageInsteadOfRetrying() {
        WorkflowRun bare = new WorkflowRun();
        bare.getMetadata().setName("no-spec");
        namespace.createRun(bare);

        WorkflowRun failed = awaitPhase("no-spec", RunPhase.Failed);
        assertThat(failed.getStatus().getMessage())
                .isEqualTo("spec: is required (a WorkflowRun names spec.workspace, and spec.workflow or spec.action)");
        assertThat(Conditions.find(failed.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("InvalidRun");
        assertThat(namespace.eventReasonsOf("no-spec")).containsExactly("RunFailed");
    }

    @Test
    void aPlanTooLargeForAConfigMapFailsTheRunSayingHowLargeAndWhy() {
        Workspace workspace = client.getKubernetesSerialization().unmarshal(
                getClass().getResourceAsStream("/workspaces/three-steps.yaml"), Workspace.class);
        workspace.getSpec().setConfig(Map.of("blob", "x".repeat(400 * 1024)));
        client.resource(workspace).inNamespace(namespace.name()).create();
        createRun("too-large", "three-steps", "strict", false);

        WorkflowRun failed = awaitPhase("too-large", RunPhase.Failed);
        assertThat(Conditions.find(failed.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("PlanTooLarge");
        assertThat(failed.getStatus().getMessage()).startsWith("The run's plan is 1.18 MiB (").contains(" bytes), more "
                + "than the 1 MiB (1048576 bytes) a ConfigMap holds: each of its 3 steps carries its script and a "
                + "snapshot of the workspace").endsWith("Make the workspace's config or the scripts smaller (put long "
                + "scripts into the block's image), or move large data into a ConfigMap or Secret the steps read "
                + "(envFrom)");
        assertThat(client.configMaps().inNamespace(namespace.name()).withName("too-large-plan").get()).isNull();
        assertThat(namespace.eventReasonsOf("too-large")).doesNotContain("ReconcileFailed");
    }

    @Test
    void aRunNeverTakesJobsOrAPlanOfAnEarlierRunOfTheSameName() {
        createWorkspace("/workspaces/three-steps.yaml");
        // what a run deleted with --cascade=orphan leaves behind: its Jobs, no owner any more
        Job orphan = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata().withName("again-0-one").withNamespace(namespace.name())
                .addToLabels(StepLabels.MANAGED_BY, StepLabels.OPERATOR).addToLabels(StepLabels.RUN, "again")
                .addToLabels(StepLabels.TRANSACTION, "old-transaction")
                .addToAnnotations(StepLabels.RUN_NAME_ANNOTATION, "again").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("step").withImage("x")
                .endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec()
                .build();
        client.resource(orphan).create(); // the step runner lets it succeed, as the Job controller did
        // and a plan ConfigMap that an earlier run of this name still controls (garbage collection is pending)
        client.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("pending-plan").withNamespace(namespace.name())
                .addNewOwnerReference().withApiVersion("polycrate.io/v1alpha1").withKind("WorkflowRun")
                .withName("pending").withUid("uid-of-the-earlier-run").withController(true).endOwnerReference()
                .endMetadata().addToData("plan.json", "{}").build()).create();
        createRun("again", "three-steps", "strict", false);
        createRun("pending", "three-steps", "strict", false);

        await().atMost(WAIT).untilAsserted(() -> assertThat(run("again").getStatus().getMessage()).startsWith(
                "Step 'one' waits: Job again-0-one exists and does not belong to this run (its controller: none)"));
        WorkflowRun waiting = run("pending");
        assertThat(waiting.getStatus().getPhase()).isEqualTo(RunPhase.Pending);
        assertThat(waiting.getStatus().getMessage()).startsWith("ConfigMap pending-plan exists and does not belong to "
                + "this run (its controller: WorkflowRun pending (uid uid-of-the-earlier-run)); waiting until ");

        WorkflowRun again = awaitPhase("again", RunPhase.Failed);
        assertThat(again.getStatus().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(again.getStatus().getSteps().get(0).getStartTime()).isNull();
        assertThat(again.getStatus().getMessage()).contains("Job again-0-one exists and does not belong to this run");
        assertThat(client.batch().v1().jobs().inNamespace(namespace.name()).withName("again-0-one").get()
                .getMetadata().getLabels()).containsEntry(StepLabels.TRANSACTION, "old-transaction");
        WorkflowRun pending = awaitPhase("pending", RunPhase.Failed);
        assertThat(Conditions.find(pending.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("NameConflict");
        assertThat(namespace.eventReasonsOf("again")).contains("NameConflict").doesNotContain("StepStarted",
                "StepSucceeded", "ReconcileFailed");
    }
}
