package io.polycrate.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One step of a run: its transaction and how it went. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepStatus {
    @JsonPropertyDescription("Name of the step (for a single-action run: the action's name).")
    private String name;

    @JsonPropertyDescription("The block whose action the step runs.")
    private String block;

    @JsonPropertyDescription("The action the step runs.")
    private String action;

    @JsonPropertyDescription("The transaction id (UUID) of this step attempt, written before its Job is created.")
    private String transaction;

    @JsonPropertyDescription("Name of the step's Job.")
    private String job;

    @JsonPropertyDescription("Pending, AwaitingApproval, Running, Succeeded, Failed, Rejected, Skipped or Cancelled.")
    private StepPhase phase;

    @JsonPropertyDescription("When the step's Job was created (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the step finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Exit code of the step's container, where it could be read.")
    private Integer exitCode;

    @JsonPropertyDescription("The shell that ran the step, as its container reported it: bash (with "
            + "set -euo pipefail) or sh (set -eu; the image has no bash).")
    private String shell;

    @JsonPropertyDescription("The last lines of the step's output or the reason it failed (at most about 1 KiB).")
    private String message;

    @JsonPropertyDescription("How the prompts of this step were answered.")
    private List<PromptApproval> approvals = new ArrayList<>();

    public StepStatus() {
    }

    public StepStatus(String name, String block, String action) {
        this.name = name;
        this.block = block;
        this.action = action;
        this.phase = StepPhase.Pending;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getBlock() {
        return block;
    }

    public void setBlock(String block) {
        this.block = block;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getTransaction() {
        return transaction;
    }

    public void setTransaction(String transaction) {
        this.transaction = transaction;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public StepPhase getPhase() {
        return phase;
    }

    public void setPhase(StepPhase phase) {
        this.phase = phase;
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

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public String getShell() {
        return shell;
    }

    public void setShell(String shell) {
        this.shell = shell;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<PromptApproval> getApprovals() {
        return approvals;
    }

    public void setApprovals(List<PromptApproval> approvals) {
        this.approvals = approvals;
    }
}
