package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.ActionRef;
import io.polycrate.operator.api.v1alpha1.Artifacts;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.BlockFiles;
import io.polycrate.operator.api.v1alpha1.ConfigMapRef;
import io.polycrate.operator.api.v1alpha1.FileItem;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.json.Json;

/** The frozen plan records which block files each step gets and the run's artifacts volume. */
class PlanFilesTest {
    private static Workspace workspace(Artifacts artifacts) {
        BlockFiles baseFiles = new BlockFiles();
        baseFiles.setConfigMapRef(new ConfigMapRef("base-files-7d9k2"));
        FileItem playbook = new FileItem("install.yml", "playbooks/install.yml");
        FileItem script = new FileItem("run.sh", "run.sh");
        script.setMode(0755);
        baseFiles.setItems(List.of(playbook, script));
        Block base = new Block("base", List.of(new Action("install", List.of("./run.sh"))));
        base.setFiles(baseFiles);
        Block database = new Block("database", null);
        database.setFrom("base");
        BlockFiles webFiles = new BlockFiles();
        webFiles.setImage("registry.example.com/blocks/web:1.0");
        webFiles.setPullPolicy(BlockFiles.PullPolicy.IfNotPresent);
        Block web = new Block("web", List.of(new Action("install", List.of("ls"))));
        web.setFiles(webFiles);
        Block plain = new Block("plain", List.of(new Action("install", List.of("true"))));
        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setArtifacts(artifacts);
        spec.setBlocks(List.of(base, database, web, plain));
        spec.setWorkflows(List.of(new Workflow("deploy", List.of(new Step("db", "database", "install"),
                new Step("web", "web", "install"), new Step("plain", "plain", "install")))));
        Workspace workspace = new Workspace();
        workspace.getMetadata().setName("ws");
        workspace.getMetadata().setGeneration(2L);
        workspace.setSpec(spec);
        return workspace;
    }

    private static RunPlan plan(WorkflowRun run, Workspace workspace) {
        PlanOutcome outcome = PlanResolver.resolve(run, workspace, "default:1");
        assertThat(outcome).isInstanceOf(PlanOutcome.Planned.class);
        return ((PlanOutcome.Planned) outcome).plan();
    }

    @Test
    void eachStepRecordsItsFilesAndWhoseTheyAre() {
        RunPlan plan = plan(RunFixtures.run(), workspace(null));

        assertThat(plan.steps().get(0).files()).isEqualTo(StepFiles.ofConfigMap("base", "base-files-7d9k2",
                List.of(new StepFiles.Item("install.yml", "playbooks/install.yml", null),
                        new StepFiles.Item("run.sh", "run.sh", 493))));
        assertThat(plan.steps().get(1).files())
                .isEqualTo(StepFiles.ofImage("web", "registry.example.com/blocks/web:1.0", "IfNotPresent"));
        assertThat(plan.steps().get(2).files()).isNull();
        assertThat(plan.artifacts()).isNull();
    }

    @Test
    void theArtifactsVolumeIsFrozenWithThePlanForWorkflowsAndActions() {
        var claim = new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("2Gi")).endResources().build();
        Workspace workspace = workspace(new Artifacts(claim));
        WorkflowRun action = RunFixtures.run();
        action.getSpec().setWorkflow(null);
        action.getSpec().setAction(new ActionRef("web", "install"));

        assertThat(plan(RunFixtures.run(), workspace).artifacts()).isEqualTo(claim);
        assertThat(plan(action, workspace).artifacts()).isEqualTo(claim);
    }

    @Test
    void filesAndArtifactsSurviveThePlansJsonAndAPlanFrozenBeforeThemReadsAsNone() {
        var claim = new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce").withStorageClassName("x")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().build();
        RunPlan plan = plan(RunFixtures.run(), workspace(new Artifacts(claim)));

        RunPlan read = Json.SERIALIZATION.unmarshal(Json.SERIALIZATION.asJson(plan), RunPlan.class);

        assertThat(read).isEqualTo(plan);
        RunPlan old = Json.SERIALIZATION.unmarshal("{\"workspace\":\"ws\",\"workspaceGeneration\":1,"
                + "\"workflow\":\"deploy\",\"allowFailure\":false,\"steps\":[{\"position\":0,\"index\":0,"
                + "\"name\":\"one\",\"block\":\"b\",\"action\":\"a\",\"image\":\"i\",\"script\":[\"true\"]}]}",
                RunPlan.class);
        assertThat(old.artifacts()).isNull();
        assertThat(old.steps().get(0).files()).isNull();
    }
}
