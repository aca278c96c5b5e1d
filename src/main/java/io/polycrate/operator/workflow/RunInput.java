package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;

/**
 * Everything the decider decides from: the run (spec, status, generation), what the plan store holds for it, its
 * Workspace (read only while the run has no plan; null when absent or not read), the run ahead of it in its
 * Serial workspace's queue (null when none), the step Jobs observed (by Job name), the prompt answers, the time,
 * the operator's settings, where new transaction ids come from, and the run's artifacts claim as observed (for a
 * plan with an artifacts volume).
 */
public record RunInput(WorkflowRun run, StoredPlan plan, Workspace workspace, WorkflowRun ahead,
        Map<String, JobObservation> jobs, PromptAnswers answers, Instant now, Settings settings,
        Supplier<String> newTransactionId, ArtifactsClaim artifactsClaim) {

    /** An input with no artifacts claim seen. */
    public RunInput(WorkflowRun run, StoredPlan plan, Workspace workspace, WorkflowRun ahead,
            Map<String, JobObservation> jobs, PromptAnswers answers, Instant now, Settings settings,
            Supplier<String> newTransactionId) {
        this(run, plan, workspace, ahead, jobs, answers, now, settings, newTransactionId, ArtifactsClaim.ABSENT);
    }

    /**
     * How long a run waits for an image to be pulled (or a pod to be created), how long for what it needs (its
     * Workspace, an object of its name that is not its own to go away), and the image of steps that name none.
     */
    public record Settings(Duration imagePullGrace, Duration waitTimeout, String defaultImage) {
    }

    /** This input for another copy of the run (re-read after a conflict), with the answers it carries. */
    public RunInput withRun(WorkflowRun fresh, PromptAnswers freshAnswers) {
        return new RunInput(fresh, plan, workspace, ahead, jobs, freshAnswers, now, settings, newTransactionId,
                artifactsClaim);
    }

    /** This input with what the plan store answered. */
    public RunInput withPlan(StoredPlan answer) {
        return new RunInput(run, answer, workspace, ahead, jobs, answers, now, settings, newTransactionId,
                artifactsClaim);
    }

    /** This input with another observation of one Job (what the API server said when asked to create it). */
    public RunInput withJob(JobObservation job) {
        Map<String, JobObservation> seen = new HashMap<>(jobs);
        seen.put(job.jobName(), job);
        return new RunInput(run, plan, workspace, ahead, Map.copyOf(seen), answers, now, settings,
                newTransactionId, artifactsClaim);
    }

    /** This input with what the API server said of the run's artifacts claim. */
    public RunInput withArtifactsClaim(ArtifactsClaim claim) {
        return new RunInput(run, plan, workspace, ahead, jobs, answers, now, settings, newTransactionId, claim);
    }
}
