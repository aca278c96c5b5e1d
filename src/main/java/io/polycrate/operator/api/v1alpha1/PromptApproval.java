package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How one prompt of a transaction was answered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromptApproval {
    @JsonPropertyDescription("The prompt id: workflow, step:<step> or action:<step>.")
    private String prompt;

    @JsonPropertyDescription("When the prompt was approved (or skipped by force).")
    private String approvedAt;

    @JsonPropertyDescription("When the prompt was rejected, by annotation or by approval timeout.")
    private String rejectedAt;

    @JsonPropertyDescription("How it was answered: Annotation, Force or ApprovalTimeout.")
    private String by;

    @JsonPropertyDescription("Who answered: the user that polycrate.io/answered-by names for this prompt (the approvals policy makes it the user who wrote the answer). Absent for Force and ApprovalTimeout.")
    private String user;

    public PromptApproval() {
    }

    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public String getApprovedAt() {
        return approvedAt;
    }

    public void setApprovedAt(String approvedAt) {
        this.approvedAt = approvedAt;
    }

    public String getRejectedAt() {
        return rejectedAt;
    }

    public void setRejectedAt(String rejectedAt) {
        this.rejectedAt = rejectedAt;
    }

    public String getBy() {
        return by;
    }

    public void setBy(String by) {
        this.by = by;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }
}
