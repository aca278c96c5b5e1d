package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One run of a workflow, of one step of it, of its steps from one on, or of a single block action. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.workflow) || has(self.action)",
        message = "a WorkflowRun names a workflow (spec.workflow) or an action (spec.action); this one names neither")
@ValidationRule(value = "!has(self.workflow) || !has(self.action)",
        message = "a WorkflowRun names either a workflow or an action, not both")
@ValidationRule(value = "!has(self.step) || has(self.workflow)",
        message = "step is only allowed together with workflow")
@ValidationRule(value = "!has(self.fromStep) || has(self.workflow)",
        message = "fromStep is only allowed together with workflow")
@ValidationRule(value = "!has(self.fromStep) || !has(self.step)",
        message = "fromStep and step cannot be combined: step runs one step, fromStep the steps from one on")
@ValidationRule(value = "self.workspace == oldSelf.workspace && "
        + "(has(self.workflow) == has(oldSelf.workflow) && (!has(self.workflow) || self.workflow == oldSelf.workflow)) && "
        + "(has(self.step) == has(oldSelf.step) && (!has(self.step) || self.step == oldSelf.step)) && "
        + "(has(self.fromStep) == has(oldSelf.fromStep) && (!has(self.fromStep) || self.fromStep == oldSelf.fromStep)) && "
        + "(has(self.action) == has(oldSelf.action) && (!has(self.action) || self.action == oldSelf.action))",
        message = "workspace, workflow, step, fromStep and action cannot change once the run exists; create a new run")
public class WorkflowRunSpec {
    @Required
    @Pattern(Names.DNS1123_SUBDOMAIN)
    @Size(max = Names.SUBDOMAIN_MAX_LENGTH)
    @JsonPropertyDescription("The Workspace, in the run's namespace, whose workflow or action runs.")
    private String workspace;

    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("The workflow to run (polycrate workflows run <workflow>). Either workflow or action.")
    private String workflow;

    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Run only this step of the workflow (polycrate --step). Only with workflow.")
    private String step;

    @Pattern(Names.DNS1123_LABEL)
    @Size(max = Names.LABEL_MAX_LENGTH)
    @JsonPropertyDescription("Start the workflow at this step (a retry; kubectl polycrate retry sets it): the steps "
            + "before it are recorded as Skipped and do not run, it and the steps after it run as usual, the "
            + "workflow's prompt first. Only with workflow, not with step.")
    private String fromStep;

    @JsonPropertyDescription("Run a single block action instead of a workflow (polycrate run <block> <action>).")
    private ActionRef action;

    @JsonPropertyDescription("Skip every prompt, as polycrate --force does; the transactions record the skip.")
    private Boolean force;

    @Min(1)
    @JsonPropertyDescription("Seconds a prompt may wait; an unanswered prompt then counts as rejected "
            + "(reason ApprovalTimeout). Absent: wait forever, as Polycrate does.")
    private Long approvalTimeoutSeconds;

    @JsonPropertyDescription("Set true to stop the run: the running Job is deleted and the run ends Cancelled.")
    private Boolean cancel;

    public String getWorkspace() {
        return workspace;
    }

    public void setWorkspace(String workspace) {
        this.workspace = workspace;
    }

    public String getWorkflow() {
        return workflow;
    }

    public void setWorkflow(String workflow) {
        this.workflow = workflow;
    }

    public String getStep() {
        return step;
    }

    public void setStep(String step) {
        this.step = step;
    }

    public String getFromStep() {
        return fromStep;
    }

    public void setFromStep(String fromStep) {
        this.fromStep = fromStep;
    }

    public ActionRef getAction() {
        return action;
    }

    public void setAction(ActionRef action) {
        this.action = action;
    }

    public Boolean getForce() {
        return force;
    }

    public void setForce(Boolean force) {
        this.force = force;
    }

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    public Long getApprovalTimeoutSeconds() {
        return approvalTimeoutSeconds;
    }

    public void setApprovalTimeoutSeconds(Long approvalTimeoutSeconds) {
        this.approvalTimeoutSeconds = approvalTimeoutSeconds;
    }

    public Boolean getCancel() {
        return cancel;
    }

    public void setCancel(Boolean cancel) {
        this.cancel = cancel;
    }

    public boolean cancelRequested() {
        return Boolean.TRUE.equals(cancel);
    }
}
