package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;

/**
 * Everything the state machine decides from: the run (spec, status, generation), its frozen plan, the step
 * Jobs observed (by Job name), the prompt answers, the time, how long a run waits for what it needs (an image
 * pull, an object of its name that is not its own to go away), and where new transaction ids come from.
 */
public record RunInput(WorkflowRun run, RunPlan plan, Map<String, JobObservation> jobs, PromptAnswers answers,
        Instant now, Duration imagePullGrace, Duration waitTimeout, Supplier<String> newTransactionId) {
}
