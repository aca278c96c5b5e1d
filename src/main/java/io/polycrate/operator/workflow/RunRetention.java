package io.polycrate.operator.workflow;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.polycrate.operator.api.v1alpha1.RunHistory;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.status.Timestamps;

/**
 * Which finished runs of a workspace its {@code spec.runHistory} no longer keeps, like a CronJob's history limits:
 * per kind of ending (Succeeded; Failed or Cancelled), everything beyond the newest N. Pure code over the runs the
 * operator's cache holds; runs that have not finished are never chosen.
 */
public final class RunRetention {
    /** How many deleted runs an event names; the rest are counted. */
    static final int NAMED_IN_MESSAGE = 20;

    /**
     * Oldest first: completion time (a finished run without a readable one counts as oldest), then creation time,
     * then name (timestamps have whole seconds, so ties are common).
     */
    static final Comparator<WorkflowRun> FINISHING_ORDER = Comparator
            .comparing(RunRetention::completion, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(run -> Objects.requireNonNullElse(run.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(run -> run.getMetadata().getName());

    private RunRetention() {
    }

    /**
     * The runs of {@code workspace} (same namespace, {@code spec.workspace} naming it) to delete now, oldest first.
     * Empty without {@code spec.runHistory}. A negative limit (which the CRD schema rejects; the workspace's
     * validation reports it) keeps all of its kind. Runs already being deleted neither count nor are chosen.
     */
    public static List<WorkflowRun> toDelete(Workspace workspace, Collection<WorkflowRun> runs) {
        RunHistory history = workspace.getSpec() == null ? null : workspace.getSpec().getRunHistory();
        if (history == null) {
            return List.of();
        }
        List<WorkflowRun> succeeded = new ArrayList<>();
        List<WorkflowRun> failed = new ArrayList<>();
        for (WorkflowRun run : runs) {
            if (!belongsTo(run, workspace) || run.getMetadata().getDeletionTimestamp() != null
                    || !RunStateMachine.hasFinished(run)) {
                continue;
            }
            (run.getStatus().getPhase() == RunPhase.Succeeded ? succeeded : failed).add(run);
        }
        List<WorkflowRun> beyond = new ArrayList<>(beyondLimit(succeeded, history.getSucceeded()));
        beyond.addAll(beyondLimit(failed, history.getFailed()));
        beyond.sort(FINISHING_ORDER);
        return beyond;
    }

    /** The message of the one event a pruning pass leaves on its workspace. */
    public static String eventMessage(RunHistory history, List<String> deleted) {
        String names = String.join(", ", deleted.subList(0, Math.min(NAMED_IN_MESSAGE, deleted.size())));
        if (deleted.size() > NAMED_IN_MESSAGE) {
            names += " and " + (deleted.size() - NAMED_IN_MESSAGE) + " more";
        }
        return "Deleted " + deleted.size() + (deleted.size() == 1 ? " finished run" : " finished runs")
                + " beyond spec.runHistory (succeeded: " + limit(history.getSucceeded()) + ", failed: "
                + limit(history.getFailed()) + "), oldest first: " + names;
    }

    private static List<WorkflowRun> beyondLimit(List<WorkflowRun> finished, Integer limit) {
        if (limit == null || limit < 0 || finished.size() <= limit) {
            return List.of();
        }
        finished.sort(FINISHING_ORDER);
        return finished.subList(0, finished.size() - limit);
    }

    private static boolean belongsTo(WorkflowRun run, Workspace workspace) {
        return run.getSpec() != null && Objects.equals(run.getSpec().getWorkspace(), workspace.getMetadata().getName())
                && Objects.equals(run.getMetadata().getNamespace(), workspace.getMetadata().getNamespace());
    }

    private static Instant completion(WorkflowRun run) {
        try {
            return Timestamps.parse(run.getStatus().getCompletionTime());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String limit(Integer limit) {
        return limit == null || limit < 0 ? "unlimited" : limit.toString();
    }
}
