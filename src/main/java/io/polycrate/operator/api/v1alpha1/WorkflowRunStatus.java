package io.polycrate.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;

/** The record of a run: its phase and one transaction per step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowRunStatus {
    @JsonPropertyDescription("Pending, Running, AwaitingApproval, Succeeded, Failed or Cancelled.")
    private RunPhase phase;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("The Workspace generation the run's plan was resolved from.")
    private Long workspaceGeneration;

    @JsonPropertyDescription("When the run started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("The step running or waiting now, or the last one that ran.")
    private String currentStep;

    @JsonPropertyDescription("Finished steps out of all steps, e.g. 2/5.")
    private String progress;

    @JsonPropertyDescription("What happened, for people; names the failed step and its transaction on failure.")
    private String message;

    @JsonPropertyDescription("The prompt the run waits at; present only while one waits.")
    private WaitingPrompt prompt;

    @JsonPropertyDescription("Every prompt id of the run's frozen plan, in the order the prompts are asked "
            + "(workflow, then per step step:<step> and action:<step>; none of the steps before spec.fromStep), also "
            + "with spec.force: the ids polycrate.io/approve and polycrate.io/reject may name. Absent until the plan "
            + "is frozen; empty when the plan has no prompt.")
    private List<String> promptIds;

    @JsonPropertyDescription("Prompt ids named in the polycrate.io/approve or polycrate.io/reject annotation that "
            + "match no prompt of this run; each was reported once with an ApprovalIgnored event.")
    private List<String> ignoredPromptIds = new ArrayList<>();

    @JsonPropertyDescription("One entry per step of the plan, in order: the transactions.")
    private List<StepStatus> steps = new ArrayList<>();

    @JsonPropertyDescription("Succeeded: Unknown while the run goes on; when it ended, True only for a clean "
            + "success (reason Succeeded), else False with the reason (CompletedWithFailures, StepFailed, "
            + "PromptRejected, ApprovalTimeout, Cancelled, ...). Finished: False while the run goes on, True once it "
            + "ended whatever the outcome, with the same reason and message as Succeeded. AwaitingApproval: True "
            + "while a prompt waits. ReconcileError: True while the operator cannot make progress on the run.")
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    public RunPhase getPhase() {
        return phase;
    }

    public void setPhase(RunPhase phase) {
        this.phase = phase;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Long getWorkspaceGeneration() {
        return workspaceGeneration;
    }

    public void setWorkspaceGeneration(Long workspaceGeneration) {
        this.workspaceGeneration = workspaceGeneration;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getCurrentStep() {
        return currentStep;
    }

    public void setCurrentStep(String currentStep) {
        this.currentStep = currentStep;
    }

    public String getProgress() {
        return progress;
    }

    public void setProgress(String progress) {
        this.progress = progress;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public WaitingPrompt getPrompt() {
        return prompt;
    }

    public void setPrompt(WaitingPrompt prompt) {
        this.prompt = prompt;
    }

    public List<String> getPromptIds() {
        return promptIds;
    }

    public void setPromptIds(List<String> promptIds) {
        this.promptIds = promptIds;
    }

    public List<String> getIgnoredPromptIds() {
        return ignoredPromptIds;
    }

    public void setIgnoredPromptIds(List<String> ignoredPromptIds) {
        this.ignoredPromptIds = ignoredPromptIds;
    }

    public List<StepStatus> getSteps() {
        return steps;
    }

    public void setSteps(List<StepStatus> steps) {
        this.steps = steps;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
