package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.workflow.JobObservation.State;

/** Builders for state machine tests: a run, a plan, observed Jobs, a clock that moves by hand. */
final class RunFixtures {
    static final Instant T0 = Instant.parse("2026-01-30T10:00:00Z");
    static final Duration PULL_GRACE = Duration.ofMinutes(2);
    static final Duration WAIT_TIMEOUT = Duration.ofMinutes(5);

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
        return new JobObservation(job, null, T0, State.Active, null, null, null, null, null);
    }

    static JobObservation succeeded(String job) {
        return new JobObservation(job, null, T0, State.Succeeded, 0, null, "", T0.plusSeconds(5), null);
    }

    static JobObservation failed(String job, int exitCode, String output) {
        return new JobObservation(job, null, T0, State.Failed, exitCode, "exit code " + exitCode, output,
                T0.plusSeconds(5), null);
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

    /** Drives one run through decisions, feeding each decided status back in, as the reconciler does. */
    static final class Driver {
        final WorkflowRun run = run();
        final RunPlan plan;
        final Map<String, JobObservation> jobs = new HashMap<>();
        final AtomicInteger transactions = new AtomicInteger();
        Instant now = T0;
        PromptAnswers answers = PromptAnswers.NONE;

        Driver(RunPlan plan) {
            this.plan = plan;
        }

        Decision decide() {
            Decision decision = RunStateMachine.decide(new RunInput(run, plan, asCreated(), answers, now,
                    PULL_GRACE, WAIT_TIMEOUT, () -> "tx-" + transactions.incrementAndGet()));
            run.setStatus(decision.status());
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
                seen.put(name, new JobObservation(name, transaction, job.createdAt(), job.state(), job.exitCode(),
                        job.failure(), job.output(), job.finishedAt(), job.imagePull(), job.foreignOwner(),
                        job.deleting(), job.hasPod(), job.podCreateFailure()));
            });
            return seen;
        }

        /** Decides until the Job of {@code step} was asked for, then marks it observed with the given state. */
        String jobOf(int position) {
            return run.getStatus().getSteps().get(position).getJob();
        }
    }
}
