package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.ActionRef;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.Prompt;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WebhookSecretRef;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceEvents;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

class PlanResolverTest {
    private static final String DEFAULT_IMAGE = "operator/default:1";

    private static Workspace workspace() {
        Action install = new Action("install", List.of("echo install", "echo done"));
        install.setPrompt(new Prompt("Really install?"));
        Action backup = new Action("backup", null);
        backup.setPlaybook("playbooks/backup.yml");
        backup.setImage("registry/ansible:9");
        backup.setTimeoutSeconds(600L);
        Block base = new Block("base", List.of(install, backup));
        base.setImage("registry/base:1");
        base.setConfig(Map.of("db", Map.of("port", 5432, "user", "postgres")));
        base.setEnv(List.of(new EnvVar("LEVEL", "base", null)));
        Block database = new Block("database", null);
        database.setFrom("base");
        database.setConfig(Map.of("db", Map.of("user", "app")));
        database.setEnv(List.of(new EnvVar("LEVEL", "database", null)));
        Block plain = new Block("plain", List.of(new Action("hello", List.of("echo hello"))));

        Step first = new Step("install-db", "database", "install");
        first.setPrompt(new Prompt("Create backup first?"));
        Workflow deploy = new Workflow("deploy", List.of(first, new Step("backup-db", "database", "backup"),
                new Step("hello", "plain", "hello")));
        deploy.setPrompt(new Prompt("Deploy?"));
        deploy.setAllowFailure(true);

        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setImage("registry/workspace:1");
        spec.setEnv(List.of(new EnvVar("WS", "1", null), new EnvVar("LEVEL", "workspace", null)));
        spec.setConfig(Map.of("cluster", "prod"));
        spec.setBlocks(List.of(base, database, plain));
        spec.setWorkflows(List.of(deploy));
        Workspace workspace = new Workspace();
        workspace.getMetadata().setName("ws");
        workspace.getMetadata().setGeneration(7L);
        workspace.setSpec(spec);
        return workspace;
    }

    private static WorkflowRun run(String workflow, String step, ActionRef action) {
        WorkflowRun run = RunFixtures.run();
        run.getSpec().setWorkflow(workflow);
        run.getSpec().setStep(step);
        run.getSpec().setAction(action);
        return run;
    }

    private static PlanOutcome.Planned planned(PlanOutcome outcome) {
        assertThat(outcome).isInstanceOf(PlanOutcome.Planned.class);
        return (PlanOutcome.Planned) outcome;
    }

    @Test
    void aWorkflowPlanHasEveryStepWithInheritanceAndPromptsApplied() {
        PlanOutcome.Planned planned = planned(PlanResolver.resolve(run("deploy", null, null), workspace(), DEFAULT_IMAGE));
        RunPlan plan = planned.plan();

        assertThat(plan.workspaceGeneration()).isEqualTo(7L);
        assertThat(plan.allowFailure()).isTrue();
        assertThat(plan.workflowPrompt()).isEqualTo("Deploy?");
        assertThat(plan.steps()).extracting(PlannedStep::name).containsExactly("install-db", "backup-db", "hello");
        PlannedStep install = plan.steps().get(0);
        assertThat(install.stepPrompt()).isEqualTo("Create backup first?");
        assertThat(install.actionPrompt()).isEqualTo("Really install?");
        assertThat(install.env()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WS", "1"),
                        org.assertj.core.groups.Tuple.tuple("LEVEL", "database"));
        assertThat(planned.files().get("step-0.sh")).isEqualTo("set -eu\necho install\necho done\n");
        assertThat(planned.files().get("step-0-snapshot.yaml")).contains("name: database", "user: app",
                "port: 5432", "cluster: prod", "name: install-db");
        PlannedStep backup = plan.steps().get(1);
        assertThat(backup.playbook()).isEqualTo("playbooks/backup.yml");
        assertThat(backup.timeoutSeconds()).isEqualTo(600L);
        assertThat(planned.files()).doesNotContainKey("step-1.sh");
    }

    @Test
    void imageIsChosenActionThenBlockThenWorkspaceThenOperatorDefault() {
        Workspace workspace = workspace();
        RunPlan plan = planned(PlanResolver.resolve(run("deploy", null, null), workspace, DEFAULT_IMAGE)).plan();
        assertThat(plan.steps()).extracting(PlannedStep::image)
                .containsExactly("registry/base:1", "registry/ansible:9", "registry/workspace:1");

        workspace.getSpec().setImage(null);
        RunPlan withoutWorkspaceImage = planned(PlanResolver.resolve(run("deploy", null, null), workspace,
                DEFAULT_IMAGE)).plan();
        assertThat(withoutWorkspaceImage.steps().get(2).image()).isEqualTo(DEFAULT_IMAGE);
    }

    @Test
    void oneStepAndOneAction() {
        RunPlan step = planned(PlanResolver.resolve(run("deploy", "backup-db", null), workspace(), DEFAULT_IMAGE))
                .plan();
        assertThat(step.steps()).extracting(PlannedStep::name, PlannedStep::index, PlannedStep::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("backup-db", 1, 0));

        RunPlan action = planned(PlanResolver.resolve(run(null, null, new ActionRef("database", "install")),
                workspace(), DEFAULT_IMAGE)).plan();
        assertThat(action.workflow()).isNull();
        assertThat(action.workflowPrompt()).isNull();
        assertThat(action.steps()).extracting(PlannedStep::name, PlannedStep::stepPrompt, PlannedStep::actionPrompt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("install", null, "Really install?"));
    }

    private static WorkflowRun from(String fromStep, String workflow, String step, ActionRef action) {
        WorkflowRun run = run(workflow, step, action);
        run.getSpec().setFromStep(fromStep);
        return run;
    }

    @Test
    void aRunFromAStepPlansEveryStepStartsAtItAndWritesNoFilesForTheStepsBefore() {
        PlanOutcome.Planned planned = planned(PlanResolver.resolve(from("backup-db", "deploy", null, null),
                workspace(), DEFAULT_IMAGE));
        RunPlan plan = planned.plan();

        assertThat(plan.steps()).extracting(PlannedStep::name).containsExactly("install-db", "backup-db", "hello");
        assertThat(plan.startPosition()).isEqualTo(1);
        assertThat(plan.runSteps()).extracting(PlannedStep::name).containsExactly("backup-db", "hello");
        assertThat(plan.workflowPrompt()).isEqualTo("Deploy?");
        assertThat(planned.files()).containsOnlyKeys("step-1-snapshot.yaml", "step-2.sh", "step-2-snapshot.yaml");
        assertThat(planned(PlanResolver.resolve(run("deploy", null, null), workspace(), DEFAULT_IMAGE)).plan()
                .startPosition()).isZero();
    }

    @Test
    void theStartIsFrozenWithThePlan() {
        RunPlan plan = planned(PlanResolver.resolve(from("hello", "deploy", null, null), workspace(), DEFAULT_IMAGE))
                .plan();
        KubernetesSerialization json = new KubernetesSerialization();

        RunPlan frozen = json.unmarshal(json.asJson(plan), RunPlan.class);

        assertThat(frozen).isEqualTo(plan);
        assertThat(frozen.startPosition()).isEqualTo(2);
        assertThat(json.asJson(plan)).doesNotContain("runSteps");
        String before = json.asJson(plan).replace(",\"startPosition\":2", "");
        assertThat(before).doesNotContain("startPosition");
        assertThat(json.unmarshal(before, RunPlan.class).startPosition())
                .as("a plan frozen before spec.fromStep existed runs all its steps").isZero();
    }

    @Test
    void aFromStepThatNamesNoStepOrComesWithAnActionOrAStepIsNamed() {
        assertThat(PlanResolver.resolve(from("backup", "deploy", null, null), workspace(), DEFAULT_IMAGE))
                .isEqualTo(new PlanOutcome.Impossible(Reason.FromStepNotFound, "spec.fromStep: workflow \"deploy\" "
                        + "has no step named \"backup\" (it has: install-db, backup-db, hello)"));
        assertThat(PlanResolver.resolve(from("install", null, null, new ActionRef("database", "install")),
                workspace(), DEFAULT_IMAGE)).isEqualTo(new PlanOutcome.Impossible(Reason.InvalidRun,
                        "spec.fromStep: is only allowed with spec.workflow (a run of spec.action has one step; to run "
                                + "it again, create the run again)"));
        assertThat(PlanResolver.resolve(from("hello", "deploy", "backup-db", null), workspace(), DEFAULT_IMAGE))
                .isEqualTo(new PlanOutcome.Impossible(Reason.InvalidRun, "spec.fromStep: cannot be combined with "
                        + "spec.step (spec.step runs one step, spec.fromStep the steps from one on)"));
    }

    @Test
    void whatIsMissingIsNamed() {
        Workspace broken = workspace();
        broken.getSpec().getWorkflows().get(0).getSteps().get(2).setBlock("plane");

        assertThat(PlanResolver.resolve(run("deploy", null, null), null, DEFAULT_IMAGE))
                .isEqualTo(new PlanOutcome.Impossible(Reason.WorkspaceNotFound,
                        "spec.workspace: no Workspace named \"ws\" in namespace \"ns\""));
        assertThat(PlanResolver.resolve(run("deplyo", null, null), workspace(), DEFAULT_IMAGE))
                .isEqualTo(new PlanOutcome.Impossible(Reason.WorkflowNotFound,
                        "spec.workflow: Workspace \"ws\" has no workflow named \"deplyo\" (it has: deploy)"));
        assertThat(PlanResolver.resolve(run("deploy", "nope", null), workspace(), DEFAULT_IMAGE))
                .isEqualTo(new PlanOutcome.Impossible(Reason.StepNotFound,
                        "spec.step: workflow \"deploy\" has no step named \"nope\" (it has: install-db, backup-db, hello)"));
        assertThat(PlanResolver.resolve(run(null, null, new ActionRef("dtabase", "install")), workspace(),
                DEFAULT_IMAGE)).isEqualTo(new PlanOutcome.Impossible(Reason.ActionNotFound,
                        "spec.action.block: Workspace \"ws\" has no block named \"dtabase\""));
        assertThat(PlanResolver.resolve(run("deploy", null, null), broken, DEFAULT_IMAGE))
                .isEqualTo(new PlanOutcome.Impossible(Reason.InvalidWorkspace,
                        "Workspace \"ws\" is invalid: workflows[0].steps[2].block: no block named \"plane\""));
        assertThat(PlanResolver.resolve(run("deploy", null, new ActionRef("plain", "hello")), workspace(),
                DEFAULT_IMAGE)).extracting(o -> ((PlanOutcome.Impossible) o).reason()).isEqualTo(Reason.InvalidRun);
    }

    @Test
    void thePlanFreezesACopyOfTheWorkspacesWebhookSoAnEditLaterChangesNoRunThatStarted() {
        Workspace workspace = workspace();
        workspace.getSpec().setEvents(new WorkspaceEvents(new EventWebhook("https://hooks.example.com/x",
                new WebhookSecretRef("hook", "token"), null)));

        RunPlan workflowPlan = ((PlanOutcome.Planned) PlanResolver.resolve(run("deploy", null, null), workspace,
                DEFAULT_IMAGE)).plan();
        RunPlan actionPlan = ((PlanOutcome.Planned) PlanResolver.resolve(run(null, null,
                new ActionRef("plain", "hello")), workspace, DEFAULT_IMAGE)).plan();
        workspace.getSpec().getEvents().getWebhook().setUrl("https://elsewhere.example.com");

        assertThat(workflowPlan.webhook().getUrl()).isEqualTo("https://hooks.example.com/x");
        assertThat(workflowPlan.webhook().getSecretRef().getKey()).isEqualTo("token");
        assertThat(actionPlan.webhook().getUrl()).isEqualTo("https://hooks.example.com/x");
        assertThat(((PlanOutcome.Planned) PlanResolver.resolve(run("deploy", null, null), workspace(),
                DEFAULT_IMAGE)).plan().webhook()).as("no events.webhook").isNull();
    }
}
