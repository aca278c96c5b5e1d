package io.polycrate.operator.workflow;

import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;

/** What the plan store holds for a run: what the decider knows of the run's frozen plan. */
public sealed interface StoredPlan {
    /** The run's frozen plan. */
    record Found(RunPlan plan) implements StoredPlan {
    }

    /** No plan (yet). */
    record Missing() implements StoredPlan {
    }

    /** A ConfigMap of the plan's name that another object controls (an earlier run of the same name). */
    record Foreign(String why) implements StoredPlan {
    }

    /** The API server will not take the plan: the run cannot start. */
    record Refused(Reason reason, String message) implements StoredPlan {
    }

    /** The plan was there and is gone now (a person deleted its ConfigMap): a later step's pod could not mount it. */
    record Lost() implements StoredPlan {
    }
}
