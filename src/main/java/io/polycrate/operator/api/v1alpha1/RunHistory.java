package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;

/** How many finished runs of a workspace to keep, like a CronJob's history limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunHistory {
    @Min(0)
    @JsonPropertyDescription("How many runs that ended Succeeded (also with CompletedWithFailures) to keep; the "
            + "oldest beyond it are deleted with their Jobs. Absent: keep all.")
    private Integer succeeded;

    @Min(0)
    @JsonPropertyDescription("How many runs that ended Failed or Cancelled to keep; the oldest beyond it are "
            + "deleted with their Jobs. Absent: keep all.")
    private Integer failed;

    public RunHistory() {
    }

    public RunHistory(Integer succeeded, Integer failed) {
        this.succeeded = succeeded;
        this.failed = failed;
    }

    public Integer getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(Integer succeeded) {
        this.succeeded = succeeded;
    }

    public Integer getFailed() {
        return failed;
    }

    public void setFailed(Integer failed) {
        this.failed = failed;
    }
}
