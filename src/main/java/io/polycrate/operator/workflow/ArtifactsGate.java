package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;

import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.CreateArtifactsClaim;
import io.polycrate.operator.workflow.Decision.RunEvent;

/**
 * Whether a step's Job may be asked for, as far as the run's artifacts volume goes: the first step of the run to get
 * a Job has the claim created before it (an existing claim of the run counts as created); later steps need it still
 * there (a claim deleted mid-run took what earlier steps wrote); a claim of its name that is not the run's is waited
 * for, like any object of the run's names, then fails the run; one the API server refuses fails it at once.
 */
final class ArtifactsGate {
    /** What the step may do. */
    sealed interface Verdict {
    }

    /** Create the step's Job (after the claim, where it was queued). */
    record Go() implements Verdict {
    }

    /** Not yet: look again after {@code recheck}. */
    record Wait(Duration recheck) implements Verdict {
    }

    /** The run has failed (its status says why). */
    record Ended() implements Verdict {
    }

    private static final Verdict GO = new Go();

    private final Transition t;
    private final RunPlan plan;
    private final RunInput in;

    ArtifactsGate(Transition t, RunPlan plan, RunInput in) {
        this.t = t;
        this.plan = plan;
        this.in = in;
    }

    /** Before the Job of the step at {@code position} ({@code step}: its status, transaction and Job name set). */
    Verdict beforeJob(int position, StepStatus step) {
        if (plan.artifacts() == null) {
            return GO;
        }
        String claim = KubernetesNames.artifactsClaimName(t.run.getMetadata().getName());
        ArtifactsClaim seen = in.artifactsClaim() == null ? ArtifactsClaim.ABSENT : in.artifactsClaim();
        if (seen instanceof ArtifactsClaim.Ours) {
            return GO;
        }
        if (seen instanceof ArtifactsClaim.Refused refused) {
            return fail(step, Reason.ArtifactsVolumeRejected, "The API server refused the run's artifacts "
                    + "PersistentVolumeClaim " + claim + " (spec.artifacts.volumeClaimTemplate of Workspace '"
                    + plan.workspace() + "'): " + refused.message());
        }
        if (seen instanceof ArtifactsClaim.Foreign foreign) {
            String why = "PersistentVolumeClaim " + claim + " exists and does not belong to this run (" + foreign.why()
                    + ")";
            Instant deadline = RunStateMachine.waitDeadline(t.run, in.settings().waitTimeout(), t.now);
            if (!t.now.isBefore(deadline)) {
                return fail(step, Reason.NameConflict, why + "; delete it, or create the run under another name");
            }
            t.waitingNote = "Step '" + step.getName() + "' waits: " + why + "; it is never taken as the run's "
                    + "artifacts volume. Waiting until " + Timestamps.format(deadline) + " for it to be deleted";
            if (!t.waitingNote.equals(t.status.getMessage())) {
                t.events.add(RunEvent.warning(EventReason.NameConflict, t.waitingNote));
            }
            return new Wait(RunStateMachine.nameConflictRecheck(deadline, t.now));
        }
        for (int earlier = 0; earlier < position; earlier++) {
            if (t.status.getSteps().get(earlier).getJob() != null) {
                return fail(step, Reason.ArtifactsVolumeLost, "The artifacts PersistentVolumeClaim " + claim
                        + " of this run was deleted (with what the steps before wrote to it); the run cannot go on");
            }
        }
        t.jobActions.add(new CreateArtifactsClaim(claim));
        return GO;
    }

    /** No step can run without the volume: the step fails without having started, and the run with it. */
    private Verdict fail(StepStatus step, Reason reason, String message) {
        step.setPhase(StepPhase.Failed);
        step.setCompletionTime(Timestamps.format(t.now));
        step.setMessage(message);
        t.events.add(RunEvent.warning(EventReason.StepFailed, "Step '" + step.getName() + "' failed (transaction "
                + step.getTransaction() + "): " + message));
        t.skipRemaining();
        t.fail(reason, message);
        return new Ended();
    }
}
