package io.polycrate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.WorkflowSummary;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceStatus;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.workspace.WorkspaceValidator;

/** The workflows a Workspace's status lists, with their prompts. No Kubernetes. */
class WorkspaceStatusFactoryTest {
    private static final Instant NOW = Instant.parse("2026-01-30T10:00:00Z");

    private static Workspace workspace(String resource) throws IOException {
        try (InputStream in = WorkspaceStatusFactoryTest.class.getResourceAsStream(resource)) {
            return Json.SERIALIZATION.unmarshal(in, Workspace.class);
        }
    }

    private static Workspace example(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("examples", file))) {
            return Json.SERIALIZATION.unmarshal(in, Workspace.class);
        }
    }

    private static WorkspaceStatus status(Workspace workspace) {
        return WorkspaceStatusFactory.desired(workspace, WorkspaceValidator.validate(workspace.getSpec()), NOW);
    }

    private static List<String> prompts(WorkflowSummary workflow) {
        return workflow.getPrompts().stream().map(p -> p.getId() + ": " + p.getMessage()).toList();
    }

    @Test
    void everyPromptOfAWorkflowInTheOrderARunAsksThemWithInheritanceApplied() throws IOException {
        WorkspaceStatus status = status(workspace("/workspaces/inherited-prompts.yaml"));

        assertThat(status.getWorkflows()).extracting(WorkflowSummary::getName).containsExactly("deploy", "quiet");
        assertThat(prompts(status.getWorkflows().get(0))).containsExactly("workflow: Deploy?",
                "step:install: Step install?", "action:install: Install it?", "action:wipe: Wipe the app?");
        assertThat(status.getWorkflows().get(1).getPrompts()).isEmpty();
    }

    @Test
    void theReferenceWorkflowShowsItsThreePrompts() throws IOException {
        WorkspaceStatus status = status(example("workflow-workspace.yaml"));

        assertThat(prompts(status.getWorkflows().get(0))).containsExactly(
                "workflow: Do you really want to run this workflow?",
                "action:block-1-action-1: Do you really want to run this action?",
                "step:block-2-action-1: Do you really want to run this step?");
    }

    @Test
    void anInvalidWorkspaceListsItsWorkflowsWithoutPrompts() throws IOException {
        Workspace workspace = workspace("/workspaces/inherited-prompts.yaml");
        workspace.getSpec().getBlocks().add(new Block("base", List.of(new Action("again", List.of("true")))));

        WorkspaceStatus status = status(workspace);

        assertThat(status.getConditions().get(0).getStatus()).isEqualTo("False");
        assertThat(status.getWorkflows()).extracting(WorkflowSummary::getName).containsExactly("deploy", "quiet");
        assertThat(status.getWorkflows()).allSatisfy(w -> assertThat(w.getPrompts()).isNull());
    }
}
