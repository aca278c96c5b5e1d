package io.polycrate.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.polycrate.operator.api.v1alpha1.PodMetadataOverride;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workspace.CredentialCandidate;

class JobFactoryTest {

    private static WorkflowRun run(String name) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        run.getMetadata().setNamespace("ns");
        run.getMetadata().setUid("run-uid");
        run.setSpec(new io.polycrate.operator.api.v1alpha1.WorkflowRunSpec());
        run.getSpec().setForce(true);
        return run;
    }

    private static PlannedStep step(List<String> script, String playbook, PodTemplateOverride podTemplate) {
        return new PlannedStep(0, 2, "install-db", "database", "install", "registry/db:1", script, playbook, 300L,
                null, null, "deployer", List.of(new EnvVar("LEVEL", "db", null)), List.of(), podTemplate);
    }

    private static RunPlan plan(PlannedStep step) {
        return new RunPlan("ws", 3L, "deploy", false, null, List.of(step));
    }

    @Test
    void aScriptStepJob() {
        PlannedStep step = step(List.of("echo hi"), null, null);
        Job job = JobFactory.build(run("deploy-x7k2p"), plan(step), step, "tx-1");

        assertThat(job.getMetadata().getName()).isEqualTo("deploy-x7k2p-2-install-db");
        assertThat(job.getMetadata().getLabels()).containsEntry(StepLabels.MANAGED_BY, "polycrate-operator")
                .containsEntry(StepLabels.RUN, "deploy-x7k2p").containsEntry(StepLabels.WORKSPACE, "ws")
                .containsEntry(StepLabels.WORKFLOW, "deploy").containsEntry(StepLabels.STEP, "install-db")
                .containsEntry(StepLabels.TRANSACTION, "tx-1");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getUid()).isEqualTo("run-uid");
            assertThat(ref.getKind()).isEqualTo("WorkflowRun");
        });
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getPodFailurePolicy().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getAction()).isEqualTo("FailJob");
            assertThat(rule.getOnPodConditions()).singleElement().satisfies(c -> assertThat(c.getType())
                    .isEqualTo("DisruptionTarget"));
        });
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
        var pod = job.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsEntry(StepLabels.TRANSACTION, "tx-1");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(StepLabels.RUN_NAME_ANNOTATION, "deploy-x7k2p");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("deployer");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry/db:1");
        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c", StepRunner.script(step));
        assertThat(container.getCommand().get(2)).contains("\"$@\" /polycrate/step.sh &");
        assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
                tuple("LEVEL", "db"), tuple("POLYCRATE_WORKSPACE", "/workspace"),
                tuple("POLYCRATE_WORKSPACE_NAME", "ws"), tuple("POLYCRATE_WORKFLOW", "deploy"),
                tuple("POLYCRATE_STEP", "install-db"), tuple("POLYCRATE_BLOCK", "database"),
                tuple("POLYCRATE_ACTION", "install"), tuple("POLYCRATE_TRANSACTION", "tx-1"),
                tuple("POLYCRATE_RUN", "deploy-x7k2p"), tuple("POLYCRATE_FORCE", "1"),
                tuple("POLYCRATE_WORKSPACE_SNAPSHOT_YAML", "/polycrate/snapshot.yaml"));
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("polycrate-plan");
        var volume = pod.getSpec().getVolumes().get(0);
        assertThat(volume.getConfigMap().getName()).isEqualTo("deploy-x7k2p-plan");
        assertThat(volume.getConfigMap().getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                .containsExactly("step-0.sh->step.sh", "step-0-snapshot.yaml->snapshot.yaml");
    }

    @Test
    void aPlaybookStepRunsAnsibleWithTheSnapshot() {
        PlannedStep step = step(null, "playbooks/install.yml", null);
        Job job = JobFactory.build(run("r"), plan(step), step, "tx-1");

        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2))
                .contains("\"$@\" -c 'ansible-playbook -e @/polycrate/snapshot.yaml playbooks/install.yml' &");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getItems())
                .extracting(i -> i.getKey()).containsExactly("step-0-snapshot.yaml");
    }

    @Test
    void theSecretsAStepMayTakeItsKubeconfigAndInventoryFromAreMountedReadOnlyAndOptional() {
        PlannedStep step = new PlannedStep(0, 0, "install-db", "database", "install", "registry/db:1",
                List.of("kubectl get pods"), null, null, null, null, null, List.of(), List.of(), null, null,
                List.of(CredentialCandidate.artifact("database"), CredentialCandidate.secret("prod", "config")),
                List.of(CredentialCandidate.artifact("database"), CredentialCandidate.artifact("hosts")));

        var pod = JobFactory.build(run("r"), plan(step), step, "tx-1").getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("polycrate-plan",
                "polycrate-kubeconfig");
        var secret = pod.getVolumes().get(1).getSecret();
        assertThat(secret.getSecretName()).isEqualTo("prod");
        assertThat(secret.getOptional()).isTrue();
        assertThat(secret.getItems()).extracting(i -> i.getKey() + "->" + i.getPath())
                .containsExactly("config->kubeconfig.yml");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getName() + "@" + m.getMountPath()
                + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : "")).containsExactly(
                        "polycrate-plan@/polycrate ro", "polycrate-kubeconfig@/etc/polycrate/kubeconfig ro");
    }

    @Test
    void theRunnerEntersTheBlockDirectoryUnlessTheWorkspaceChoseTheWorkingDirectory() {
        PlannedStep step = step(List.of("pwd"), null, null);
        PodTemplateOverride override = new PodTemplateOverride();
        override.setContainer(Map.of("workingDir", "/srv"));
        PlannedStep own = step(List.of("pwd"), null, override);

        assertThat(JobFactory.build(run("r"), plan(step), step, "tx-1").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getCommand().get(2)).contains("if cd '/workspace/blocks/database'");
        var container = JobFactory.build(run("r"), plan(own), own, "tx-1").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(container.getWorkingDir()).isEqualTo("/srv");
        assertThat(container.getCommand().get(2)).doesNotContain("cd ");
    }

    @Test
    void longNamesAreShortenedDeterministicallyTo63Characters() {
        String longRun = "a-very-long-workflow-run-name-that-someone-typed-out-by-hand-x7k2p";
        String name = KubernetesNames.jobName(longRun, 12, "install-the-database-cluster-now");

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                .isEqualTo(KubernetesNames.jobName(longRun, 12, "install-the-database-cluster-now"))
                .isNotEqualTo(KubernetesNames.jobName(longRun, 13, "install-the-database-cluster-now"));
        assertThat(KubernetesNames.labelValue(longRun)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void namesMadeFromARunNameOfTheLongestAllowedLengthStillFit() {
        String longest = "r".repeat(253);

        assertThat(KubernetesNames.planConfigMapName(longest)).hasSizeLessThanOrEqualTo(253);
        assertThat(KubernetesNames.eventName(longest, "0123456789abcdef")).hasSize(253).endsWith(".0123456789abcdef");
        assertThat(KubernetesNames.eventName("short", "0123456789abcdef")).isEqualTo("short.0123456789abcdef");
        assertThat(KubernetesNames.jobName(longest, 127, "s".repeat(63))).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void podTemplateOverridesMergeWithoutTakingOverTheStep() {
        PodTemplateOverride override = new PodTemplateOverride();
        PodMetadataOverride metadata = new PodMetadataOverride();
        metadata.setAnnotations(Map.of("kwok.x-k8s.io/exit-code", "3"));
        metadata.setLabels(Map.of("team", "db", StepLabels.TRANSACTION, "forged"));
        override.setMetadata(metadata);
        override.setSpec(Map.of("nodeSelector", Map.of("pool", "ops"),
                "volumes", List.of(Map.of("name", "cache", "emptyDir", Map.of()))));
        override.setContainer(Map.of("resources", Map.of("limits", Map.of("memory", "256Mi")),
                "image", "evil:latest", "volumeMounts", List.of(Map.of("name", "cache", "mountPath", "/cache"))));
        PlannedStep step = step(List.of("echo hi"), null, override);

        Job job = JobFactory.build(run("r"), plan(step), step, "tx-1");

        var pod = job.getSpec().getTemplate();
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("kwok.x-k8s.io/exit-code", "3");
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "db").containsEntry(StepLabels.TRANSACTION, "tx-1");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "ops");
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("polycrate-plan", "cache");
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry/db:1");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/polycrate", "/cache");
    }

    @Test
    void theOperatorsVariablesWinOverAWorkspacesVariablesOfTheSameName() {
        PodTemplateOverride override = new PodTemplateOverride();
        override.setContainer(Map.of("env", List.of(Map.of("name", "POLYCRATE_TRANSACTION", "value", "forged"),
                Map.of("name", "TEAM", "value", "db"))));
        PlannedStep step = new PlannedStep(0, 0, "install-db", "database", "install", "registry/db:1",
                List.of("echo hi"), null, null, null, null, null,
                List.of(new EnvVar("POLYCRATE_RUN", "forged", null), new EnvVar("LEVEL", "db", null)), List.of(),
                override);

        Container container = JobFactory.build(run("r"), plan(step), step, "tx-1").getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(container.getEnv()).filteredOn(v -> v.getName().equals("POLYCRATE_TRANSACTION"))
                .extracting(EnvVar::getValue).containsExactly("tx-1");
        assertThat(container.getEnv()).filteredOn(v -> v.getName().equals("POLYCRATE_RUN"))
                .extracting(EnvVar::getValue).containsExactly("r");
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("LEVEL", "TEAM");
    }
}
