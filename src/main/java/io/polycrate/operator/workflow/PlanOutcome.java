package io.polycrate.operator.workflow;

import java.util.Map;

import io.polycrate.operator.api.v1alpha1.RunConditions;

/** What resolving a run's plan gave: a plan with its files, or the reason there can be none. */
public sealed interface PlanOutcome {
    /** A plan and the files (scripts, snapshots) that go into the plan ConfigMap with it. */
    record Planned(RunPlan plan, Map<String, String> files) implements PlanOutcome {
    }

    /** No plan: the run fails at once with this reason and message. */
    record Impossible(RunConditions.Reason reason, String message) implements PlanOutcome {
    }
}
