package io.polycrate.operator.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.polycrate.operator.api.v1alpha1.Prompt;
import io.polycrate.operator.api.v1alpha1.PromptApproval;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WaitingPrompt;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.status.ConditionStatus;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.RunEvent;

/**
 * The prompts a step must pass before its Job is created (the workflow's before the first step that runs, then the
 * step's and its action's): answered by annotation, forced, or timed out; each answer recorded on the step.
 */
final class PromptGate {
    /** How many ignored prompt ids an ApprovalIgnored event names. */
    private static final int IGNORED_IDS_SHOWN = 10;
    /** How much of a prompt's question a PromptWaiting event shows. */
    private static final int QUESTION_SHOWN = 300;

    private final Transition t;
    private final RunPlan plan;
    private final PromptAnswers answers;

    PromptGate(Transition t, RunPlan plan, PromptAnswers answers) {
        this.t = t;
        this.plan = plan;
        this.answers = answers;
    }

    /** What the prompts of a step say: wait (and look again after a while), rejected, or all passed. */
    sealed interface Verdict {
        record Waiting(Duration recheckAfter) implements Verdict {
        }

        record Rejected(String id, Reason reason, String message) implements Verdict {
        }

        record Cleared() implements Verdict {
        }
    }

    private record PromptCheck(String id, String message) {
    }

    /**
     * Every prompt id of the plan, in the order asked (also with spec.force): the workflow's, then each step's and
     * its action's. Not those of the steps spec.fromStep skips: they are never asked.
     */
    List<String> promptIds() {
        List<String> ids = new ArrayList<>();
        for (int p = plan.startPosition(); p < plan.steps().size(); p++) {
            prompts(p).forEach(prompt -> ids.add(prompt.id()));
        }
        return ids;
    }

    /** Lists the plan's prompt ids in status.promptIds: the ids an answer may name. */
    void listPromptIds() {
        t.status.setPromptIds(promptIds());
    }

    /** Records, once, the answered ids that name no prompt of this run (one event however many). */
    void noteIgnoredAnswers() {
        List<String> known = promptIds();
        Set<String> ignoredBefore = new HashSet<>(t.status.getIgnoredPromptIds());
        List<String> ignored = new ArrayList<>();
        for (String id : answers.all()) {
            if (!known.contains(id) && !ignoredBefore.contains(id) && !ignored.contains(id)) {
                ignored.add(id);
            }
        }
        if (ignored.isEmpty()) {
            return;
        }
        t.status.getIgnoredPromptIds().addAll(ignored);
        String knownIds = "known ids: " + (known.isEmpty() ? "none" : String.join(", ", known));
        // one event however many: an annotation may carry a thousand typos
        t.events.add(RunEvent.warning(EventReason.ApprovalIgnored, ignored.size() == 1
                ? "Prompt id '" + ignored.get(0) + "' names no prompt of this run; " + knownIds
                : ignored.size() + " prompt ids name no prompt of this run: "
                        + String.join(", ", ignored.subList(0, Math.min(IGNORED_IDS_SHOWN, ignored.size())))
                        + (ignored.size() > IGNORED_IDS_SHOWN ? ", ..." : "") + "; " + knownIds));
    }

    /** Passes the step's prompts as far as the answers allow. */
    Verdict answer(int position) {
        WorkflowRun run = t.run;
        Instant now = t.now;
        StepStatus step = t.status.getSteps().get(position);
        for (PromptCheck prompt : prompts(position)) {
            if (answered(step, prompt.id())) {
                continue;
            }
            if (run.getSpec().forced()) {
                record(step, prompt.id(), true, "Force", null);
                continue;
            }
            String user = answers.answerer(prompt.id()).orElse(null);
            String byWhom = user == null ? "" : " by " + user;
            if (answers.isRejected(prompt.id())) {
                record(step, prompt.id(), false, "Annotation", user);
                return new Verdict.Rejected(prompt.id(), Reason.PromptRejected,
                        "Prompt '" + prompt.id() + "' was rejected" + byWhom);
            }
            if (answers.isApproved(prompt.id())) {
                record(step, prompt.id(), true, "Annotation", user);
                t.events.add(RunEvent.normal(EventReason.PromptApproved, "Prompt '" + prompt.id()
                        + "' approved" + byWhom + " (transaction " + step.getTransaction() + ")"));
                continue;
            }
            WaitingPrompt waiting = t.status.getPrompt();
            if (waiting == null || !prompt.id().equals(waiting.getId())) {
                waiting = new WaitingPrompt(prompt.id(), prompt.message(), Timestamps.format(now));
                t.status.setPrompt(waiting);
                t.events.add(RunEvent.normal(EventReason.PromptWaiting, "Waiting for approval of prompt '"
                        + prompt.id() + "': " + shortened(prompt.message()) + " " + ApprovalHint.of(run, prompt.id(), answers)));
            }
            Long timeout = run.getSpec().getApprovalTimeoutSeconds();
            Duration recheck = null;
            if (timeout != null) {
                Instant deadline = Timestamps.parse(waiting.getSince()).plusSeconds(timeout);
                if (!now.isBefore(deadline)) {
                    record(step, prompt.id(), false, "ApprovalTimeout", null);
                    return new Verdict.Rejected(prompt.id(), Reason.ApprovalTimeout, "Prompt '"
                            + prompt.id() + "' was not answered within " + timeout + " seconds");
                }
                recheck = Duration.between(now, deadline);
            }
            step.setPhase(StepPhase.AwaitingApproval);
            t.status.setPhase(RunPhase.AwaitingApproval);
            t.status.setCurrentStep(step.getName());
            t.status.setMessage("Waiting for approval of prompt '" + prompt.id() + "': " + prompt.message());
            t.setSucceeded(ConditionStatus.Unknown, Reason.AwaitingApproval,
                    "Waiting for approval of prompt '" + prompt.id() + "'");
            t.condition(RunConditions.AWAITING_APPROVAL, ConditionStatus.True,
                    RunConditions.PromptReason.PromptWaiting.name(), prompt.message());
            return new Verdict.Waiting(recheck);
        }
        return new Verdict.Cleared();
    }

    /** Records a rejected prompt; returns true when the workflow goes on with the next step. */
    boolean reject(int position, Verdict.Rejected rejected) {
        t.clearPrompt();
        StepStatus step = t.status.getSteps().get(position);
        t.events.add(RunEvent.warning(EventReason.PromptRejected, rejected.message()
                + " (transaction " + step.getTransaction() + ")"));
        if (Prompt.WORKFLOW_ID.equals(rejected.id())) {
            step.setPhase(StepPhase.Skipped);
            t.skipRemaining();
            t.fail(rejected.reason(), rejected.message());
            return false;
        }
        step.setPhase(StepPhase.Rejected);
        step.setCompletionTime(Timestamps.format(t.now));
        step.setMessage(rejected.message());
        if (plan.allowFailure()) {
            return true;
        }
        t.skipRemaining();
        t.fail(rejected.reason(), "Step '" + step.getName() + "' failed (transaction " + step.getTransaction()
                + "): " + rejected.message());
        return false;
    }

    private List<PromptCheck> prompts(int position) {
        PlannedStep step = plan.steps().get(position);
        List<PromptCheck> prompts = new ArrayList<>();
        // the workflow's prompt comes before the first step that runs (spec.fromStep skips those before it)
        if (position == plan.startPosition() && plan.workflowPrompt() != null) {
            prompts.add(new PromptCheck(Prompt.WORKFLOW_ID, plan.workflowPrompt()));
        }
        if (step.stepPrompt() != null) {
            prompts.add(new PromptCheck(Prompt.stepId(step.name()), step.stepPrompt()));
        }
        if (step.actionPrompt() != null) {
            prompts.add(new PromptCheck(Prompt.actionId(step.name()), step.actionPrompt()));
        }
        return prompts;
    }

    /** The question, cut for the event (status.prompt.message has all of it), leaving room for the hint. */
    private static String shortened(String question) {
        String shown = question.strip();
        if (shown.length() > QUESTION_SHOWN) {
            int end = QUESTION_SHOWN - 3;
            shown = shown.substring(0, Character.isHighSurrogate(shown.charAt(end - 1)) ? end - 1 : end) + "...";
        }
        return shown + (shown.endsWith("?") || shown.endsWith(".") || shown.endsWith("!") ? "" : ".");
    }

    private static boolean answered(StepStatus step, String id) {
        return step.getApprovals().stream().anyMatch(a -> id.equals(a.getPrompt()));
    }

    private void record(StepStatus step, String id, boolean approved, String by, String user) {
        PromptApproval approval = new PromptApproval();
        approval.setPrompt(id);
        approval.setBy(by);
        approval.setUser(user);
        if (approved) {
            approval.setApprovedAt(Timestamps.format(t.now));
        } else {
            approval.setRejectedAt(Timestamps.format(t.now));
        }
        step.getApprovals().add(approval);
    }
}
