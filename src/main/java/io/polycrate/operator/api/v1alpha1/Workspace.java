package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.ValidationRule;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Polycrate workspace: blocks, their actions, and workflows over them. */
@Group(Workspace.GROUP)
@Version(Workspace.VERSION)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ShortNames("pws")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Workflows", jsonPath = ".status.workflows[*].name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Workspace extends CustomResource<WorkspaceSpec, WorkspaceStatus> implements Namespaced {
    public static final String GROUP = "polycrate.io";
    public static final String VERSION = "v1alpha1";

    @Override
    @JsonPropertyDescription("What workspace.poly holds: blocks with their actions, and workflows over them.")
    public WorkspaceSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: whether the workspace is valid, and its workflows.")
    public WorkspaceStatus getStatus() {
        return super.getStatus();
    }

    @Override
    protected WorkspaceStatus initStatus() {
        return new WorkspaceStatus();
    }
}
