package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalSelectableField;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request for one run of a workflow (or of one block action) of a Workspace. */
@Group(Workspace.GROUP)
@Version(Workspace.VERSION)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ShortNames("pwr")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Finished\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Workspace", jsonPath = ".spec.workspace", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Workflow", jsonPath = ".spec.workflow", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.currentStep", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Waiting", jsonPath = ".status.prompt.id", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Prompt", jsonPath = ".status.prompt.message", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// -o wide only (priority 1): the message is long
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
// field selectors the API server answers (kubectl get pwr --field-selector spec.workspace=ws,status.phase=Failed;
// kubectl polycrate list): a list filtered on the server, not on the client
@AdditionalSelectableField(jsonPath = ".spec.workspace")
@AdditionalSelectableField(jsonPath = ".spec.workflow")
@AdditionalSelectableField(jsonPath = ".status.phase")
public class WorkflowRun extends CustomResource<WorkflowRunSpec, WorkflowRunStatus> implements Namespaced {
    /** Comma-separated prompt ids a person approves. */
    public static final String APPROVE_ANNOTATION = "polycrate.io/approve";
    /** Comma-separated prompt ids a person rejects; wins over approve. */
    public static final String REJECT_ANNOTATION = "polycrate.io/reject";
    /**
     * Who answered: comma-separated {@code <prompt id>=<user name>} entries, one appended per answer (the last
     * entry of an id is its latest answer). The approvals policy requires every entry a request adds to name
     * the requesting user.
     */
    public static final String ANSWERED_BY_ANNOTATION = "polycrate.io/answered-by";
    /**
     * The run this one retries (kubectl polycrate retry sets it, with spec.fromStep at the retried run's first
     * failed step). Informational: the operator does not read it.
     */
    public static final String RETRY_OF_ANNOTATION = "polycrate.io/retry-of";

    @Override
    @JsonPropertyDescription("Which workflow (or step, or single action) of which Workspace to run, and how.")
    public WorkflowRunSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The record of the run: its phase, the prompt it waits at, and one transaction per step.")
    public WorkflowRunStatus getStatus() {
        return super.getStatus();
    }

    /**
     * Drops the managed fields as a run is read: the operator never reads them, and every run in its cache would
     * otherwise carry a parsed copy of its status's field structure (as controller-runtime's default cache transform
     * does). Absent from an update, the API server keeps them.
     */
    @Override
    public void setMetadata(ObjectMeta metadata) {
        if (metadata != null) {
            metadata.setManagedFields(null);
        }
        super.setMetadata(metadata);
    }

    @Override
    protected WorkflowRunStatus initStatus() {
        return new WorkflowRunStatus();
    }
}
