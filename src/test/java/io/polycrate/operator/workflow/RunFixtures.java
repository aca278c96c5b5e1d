package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.Condition;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.status.Conditions;

/** Builders for state machine tests: a run, a plan, observed Jobs, a clock that moves by hand. */
final class RunFixtures {
    static final Instant T0 = Instant.parse("2026-01-30T10:00:00Z");
    static final Duration PULL_GRACE = Duration.ofMinutes(2);
    static final Duration WAIT_TIMEOUT = Duration.ofMinutes(5);
    static final RunInput.Settings SETTINGS = new RunInput.Settings(PULL_GRACE, WAIT_TIMEOUT, "alpine:3.20");

    private RunFixtures() {
    }

    static PlannedStep step(int index, String name, String stepPrompt, String actionPrompt) {
        return new PlannedStep(index, index, name, "block", name, "alpine:3.20", List.of("echo " + name), null, null,
                stepPrompt, actionPrompt, null, List.of(), List.of(), null);
    }

    static RunPlan plan(boolean allowFailure, String workflowPrompt, PlannedStep... steps) {
        return new RunPlan("ws", 3L, "deploy", allowFailure, workflowPrompt, List.of(steps));
    }

    /** The plan of a run from the step at {@code start} on (spec.fromStep). */
    static RunPlan from(int start, RunPlan plan) {
        return new RunPlan(plan.workspace(), plan.workspaceGeneration(), plan.workflow(), plan.allowFailure(),
                plan.workflowPrompt(), plan.steps(), start);
    }

    static RunPlan plan(String... stepNames) {
        PlannedStep[] steps = new PlannedStep[stepNames.length];
        for (int i = 0; i < stepNames.length; i++) {
            steps[i] = step(i, stepNames[i], null, null);
        }
        return plan(false, null, steps);
    }

    static WorkflowRun run() {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName("r");
        run.getMetadata().setNamespace("ns");
        run.getMetadata().setUid("uid-1");
        run.getMetadata().setGeneration(1L);
        WorkflowRunSpec spec = new WorkflowRunSpec();
        spec.setWorkspace("ws");
        spec.setWorkflow("deploy");
        run.setSpec(spec);
        return run;
    }

    static JobObservation active(String job) {
        return JobObservation.active(job, null, T0);
    }

    static JobObservation succeeded(String job) {
        return JobObservation.succeeded(job, null, T0, 0, "", T0.plusSeconds(5));
    }

    static JobObservation failed(String job, int exitCode, String output) {
        return JobObservation.failed(job, null, T0, exitCode, "exit code " + exitCode, output, T0.plusSeconds(5));
    }

    /** What the decider sees of a run that has this plan state, no Workspace read, nothing queued ahead of it. */
    static RunInput input(WorkflowRun run, StoredPlan plan, Map<String, JobObservation> jobs, Instant now) {
        return new RunInput(run, plan, null, null, jobs, PromptAnswers.NONE, now, SETTINGS, () -> "tx");
    }

    /** A run's answer annotations; null leaves one out. */
    static Map<String, String> annotations(String approve, String reject, String answeredBy) {
        Map<String, String> annotations = new HashMap<>();
        if (approve != null) {
            annotations.put(WorkflowRun.APPROVE_ANNOTATION, approve);
        }
        if (reject != null) {
            annotations.put(WorkflowRun.REJECT_ANNOTATION, reject);
        }
        if (answeredBy != null) {
            annotations.put(WorkflowRun.ANSWERED_BY_ANNOTATION, answeredBy);
        }
        return annotations;
    }

    /**
     * Every decided status keeps the Finished condition in step with Succeeded: same reason and message, False
     * while Succeeded is Unknown, True once the run ended; Succeeded True only with reason Succeeded.
     */
    static void assertFinishedFollowsSucceeded(WorkflowRunStatus status) {
        Optional<Condition> succeeded = Conditions.find(status.getConditions(), RunConditions.SUCCEEDED);
        Optional<Condition> finished = Conditions.find(status.getConditions(), RunConditions.FINISHED);
        assertThat(finished.isPresent()).as("Finished is set with Succeeded").isEqualTo(succeeded.isPresent());
        if (succeeded.isEmpty()) {
            return;
        }
        boolean ended = status.getPhase() != null && status.getPhase().isFinished();
        assertThat(finished.get().getStatus()).as("Finished while phase %s", status.getPhase())
                .isEqualTo(ended ? "True" : "False");
        assertThat(succeeded.get().getStatus()).as("Succeeded while phase %s", status.getPhase())
                .isEqualTo(!ended ? "Unknown" : "Succeeded".equals(succeeded.get().getReason()) ? "True" : "False");
        assertThat(finished.get().getReason()).isEqualTo(succeeded.get().getReason());
        assertThat(finished.get().getMessage()).isEqualTo(succeeded.get().getMessage());
    }

    /** Drives one run through decisions, feeding each decided status back in, as the reconciler does. */
    static final class Driver {
        final WorkflowRun run = run();
        final RunPlan plan;
        final Map<String, JobObservation> jobs = new HashMap<>();
        final AtomicInteger transactions = new AtomicInteger();
        Instant now = T0;
        PromptAnswers answers = PromptAnswers.NONE;
        ArtifactsClaim artifactsClaim = ArtifactsClaim.ABSENT;

        Driver(RunPlan plan) {
            this.plan = plan;
        }

        Decision decide() {
            Decision decision = RunStateMachine.decide(new RunInput(run, new StoredPlan.Found(plan), null, null,
                    asCreated(), answers, now, SETTINGS, () -> "tx-" + transactions.incrementAndGet(),
                    artifactsClaim));
            run.setStatus(decision.status());
            assertFinishedFollowsSucceeded(decision.status());
            return decision;
        }

        Driver annotate(String approve, String reject) {
            return annotate(approve, reject, null);
        }

        Driver annotate(String approve, String reject, String answeredBy) {
            answers = PromptAnswers.of(annotations(approve, reject, answeredBy));
            return this;
        }

        /**
         * The observed Jobs as the operator's Jobs carry them: an observation given without a transaction gets
         * the transaction of the step whose Job it is.
         */
        private Map<String, JobObservation> asCreated() {
            Map<String, JobObservation> seen = new HashMap<>();
            jobs.forEach((name, job) -> {
                String transaction = job.transaction() != null || run.getStatus() == null ? job.transaction()
                        : run.getStatus().getSteps().stream().filter(s -> name.equals(s.getJob()))
                                .map(s -> s.getTransaction()).findFirst().orElse(null);
                seen.put(name, job.withTransaction(transaction));
            });
            return seen;
        }

        /** Decides until the Job of {@code step} was asked for, then marks it observed with the given state. */
        String jobOf(int position) {
            return run.getStatus().getSteps().get(position).getJob();
        }
    }
}
