package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.testing.TestNamespace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Prompts answered with kubectl-style annotations, against the mock API server with the operator running. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class PromptApprovalTest {
    private static final Duration WAIT = TestNamespace.WAIT;

    @Inject
    KubernetesClient client;

    private TestNamespace namespace;

    @BeforeEach
    void setUp(TestInfo test) {
        namespace = TestNamespace.of(client, test);
        namespace.createWorkspace("/examples/workflow-workspace.yaml");
        namespace.createWorkspace("/workspaces/prompted.yaml");
    }

    @AfterEach
    void tearDown() {
        namespace.close();
    }

    private void createRun(String name, String workspace, String workflow, String approve, Long timeout) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        if (approve != null) {
            run.getMetadata().getAnnotations().put(WorkflowRun.APPROVE_ANNOTATION, approve);
        }
        run.setSpec(new WorkflowRunSpec());
        run.getSpec().setWorkspace(workspace);
        run.getSpec().setWorkflow(workflow);
        run.getSpec().setApprovalTimeoutSeconds(timeout);
        namespace.createRun(run);
    }

    private WorkflowRun run(String name) {
        return namespace.run(name);
    }

    /** What `kubectl annotate pwr/<run> <key>=<ids> --overwrite` does. */
    private void annotate(String name, String key, String ids) {
        client.resources(WorkflowRun.class).inNamespace(namespace.name()).withName(name).edit(r -> {
            r.getMetadata().getAnnotations().put(key, ids);
            return r;
        });
    }

    private void awaitPrompt(String name, String id) {
        await().atMost(WAIT).untilAsserted(() -> {
            WorkflowRun run = run(name);
            assertThat(run.getStatus().getPhase()).isEqualTo(RunPhase.AwaitingApproval);
            assertThat(run.getStatus().getPrompt().getId()).isEqualTo(id);
        });
    }

    private WorkflowRun awaitPhase(String name, RunPhase phase) {
        return namespace.awaitPhase(name, phase);
    }

    private List<String> jobSteps(String run) {
        return namespace.jobsOf(run).stream()
                .sorted(Comparator.comparing((Job j) -> j.getMetadata().getLabels().get(StepLabels.STEP_INDEX)))
                .map(j -> j.getMetadata().getLabels().get(StepLabels.STEP)).toList();
    }

    private List<Event> events(String name) {
        return namespace.eventsOf(name);
    }

    @Test
    void workflowOneWaitsAtEachPromptAndRunsNothingBeforeItsApproval() {
        createRun("wf1", "workflow-workspace", "workflow-1", null, null);

        awaitPrompt("wf1", "workflow");
        assertThat(run("wf1").getStatus().getPrompt().getMessage()).isEqualTo("Do you really want to run this workflow?");
        assertThat(Conditions.find(run("wf1").getStatus().getConditions(), "AwaitingApproval").orElseThrow()
                .getMessage()).isEqualTo("Do you really want to run this workflow?");
        assertThat(jobSteps("wf1")).isEmpty();

        annotate("wf1", WorkflowRun.APPROVE_ANNOTATION, "workflow");
        awaitPrompt("wf1", "action:block-1-action-1");
        assertThat(jobSteps("wf1")).isEmpty();

        annotate("wf1", WorkflowRun.APPROVE_ANNOTATION, "workflow,action:block-1-action-1");
        awaitPrompt("wf1", "step:block-2-action-1");
        assertThat(jobSteps("wf1")).containsExactly("block-1-action-1");
        assertThat(run("wf1").getStatus().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Succeeded);

        annotate("wf1", WorkflowRun.APPROVE_ANNOTATION, "step:block-2-action-1");
        WorkflowRun done = awaitPhase("wf1", RunPhase.Succeeded);

        assertThat(jobSteps("wf1")).containsExactly("block-1-action-1", "block-2-action-1");
        assertThat(done.getStatus().getSteps()).flatExtracting(StepStatus::getApprovals)
                .extracting(a -> a.getPrompt() + " by " + a.getBy())
                .containsExactly("workflow by Annotation", "action:block-1-action-1 by Annotation",
                        "step:block-2-action-1 by Annotation");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("wf1")).extracting(Event::getReason)
                .containsExactly("RunStarted", "PromptWaiting", "PromptApproved", "PromptWaiting", "PromptApproved",
                        "StepStarted", "StepSucceeded", "PromptWaiting", "PromptApproved", "StepStarted",
                        "StepSucceeded", "RunSucceeded"));
    }

    @Test
    void aRejectedStepPromptFailsTheRunWithoutAllowFailure() {
        createRun("strict", "prompted", "strict", null, null);
        awaitPrompt("strict", "step:two");

        annotate("strict", WorkflowRun.REJECT_ANNOTATION, "step:two");

        WorkflowRun failed = awaitPhase("strict", RunPhase.Failed);
        assertThat(failed.getStatus().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Rejected, StepPhase.Skipped);
        assertThat(Conditions.find(failed.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("PromptRejected");
        assertThat(jobSteps("strict")).containsExactly("one");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("strict")).extracting(Event::getReason)
                .endsWith("PromptRejected", "RunFailed"));
    }

    @Test
    void aRejectedStepPromptWithAllowFailureRunsTheNextStep() {
        createRun("tolerant", "prompted", "tolerant", null, null);
        awaitPrompt("tolerant", "step:two");

        annotate("tolerant", WorkflowRun.REJECT_ANNOTATION, "step:two");

        WorkflowRun done = awaitPhase("tolerant", RunPhase.Succeeded);
        assertThat(done.getStatus().getSteps()).extracting(StepStatus::getPhase)
                .containsExactly(StepPhase.Succeeded, StepPhase.Rejected, StepPhase.Succeeded);
        assertThat(jobSteps("tolerant")).containsExactly("one", "three");
        assertThat(Conditions.find(done.getStatus().getConditions(), "Succeeded").orElseThrow())
                .extracting(c -> c.getStatus() + "/" + c.getReason()).isEqualTo("False/CompletedWithFailures");
        assertThat(done.getStatus().getPromptIds()).containsExactly("step:two");
    }

    @Test
    void approvalsKeptInGitBeforeThePromptsWaitAndATypoIsReported() {
        createRun("gitops", "workflow-workspace", "workflow-1",
                "workflow,action:block-1-action-1,step:block-2-actoin-1", null);

        awaitPrompt("gitops", "step:block-2-action-1");
        assertThat(jobSteps("gitops")).containsExactly("block-1-action-1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("gitops"))
                .filteredOn(e -> "ApprovalIgnored".equals(e.getReason())).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("'step:block-2-actoin-1'");
                }));
        assertThat(events("gitops")).extracting(Event::getReason).containsSubsequence("PromptApproved",
                "PromptApproved").doesNotContainSequence("PromptWaiting", "PromptApproved", "PromptWaiting");

        annotate("gitops", WorkflowRun.APPROVE_ANNOTATION,
                "workflow,action:block-1-action-1,step:block-2-actoin-1,step:block-2-action-1");
        awaitPhase("gitops", RunPhase.Succeeded);
        assertThat(events("gitops")).filteredOn(e -> "ApprovalIgnored".equals(e.getReason())).hasSize(1);
    }

    @Test
    void anUnansweredPromptIsRejectedWhenTheApprovalTimeoutRunsOut() {
        createRun("timeout", "prompted", "strict", null, 1L);

        WorkflowRun failed = awaitPhase("timeout", RunPhase.Failed);

        assertThat(Conditions.find(failed.getStatus().getConditions(), "Succeeded").orElseThrow().getReason())
                .isEqualTo("ApprovalTimeout");
        assertThat(failed.getStatus().getSteps().get(1).getPhase()).isEqualTo(StepPhase.Rejected);
        assertThat(jobSteps("timeout")).containsExactly("one");
    }

    @Test
    void cancelWhileAPromptWaitsEndsTheRunAtOnce() {
        createRun("cancel-waiting", "workflow-workspace", "workflow-1", null, null);
        awaitPrompt("cancel-waiting", "workflow");

        WorkflowRun waiting = run("cancel-waiting");
        waiting.getSpec().setCancel(true);
        client.resource(waiting).update();

        WorkflowRun cancelled = awaitPhase("cancel-waiting", RunPhase.Cancelled);
        assertThat(cancelled.getStatus().getPrompt()).isNull();
        assertThat(jobSteps("cancel-waiting")).isEmpty();
    }
}
