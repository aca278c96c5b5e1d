package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.testing.TestNamespace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Block files and the artifacts volume against the Fabric8 mock API server, with the operator running. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class FilesAndArtifactsReconcilerTest {
    @Inject
    KubernetesClient client;

    private TestNamespace namespace;

    @BeforeEach
    void namespaceOfItsOwn(TestInfo test) {
        namespace = TestNamespace.of(client, test);
    }

    @AfterEach
    void stopRunningSteps() {
        namespace.close();
    }

    private void createFilesConfigMap() {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("base-files").endMetadata()
                .withData(Map.of("install.yml", "- hosts: localhost")).build()).inNamespace(namespace.name()).create();
    }

    private PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(namespace.name()).withName(name).get();
    }

    private static Volume volume(Job job, String name) {
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theRunsClaimIsCreatedOnceOwnedByTheRunAndEveryStepRunsInTheBlockFilesWithIt() {
        createFilesConfigMap();
        namespace.createWorkspace("/workspaces/files-and-artifacts.yaml");
        WorkflowRun run = namespace.createRun("wf", "files", "deploy", true);

        namespace.awaitPhase("wf", RunPhase.Succeeded);

        PersistentVolumeClaim claim = claim("wf-artifacts");
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
            assertThat(ref.getKind()).isEqualTo("WorkflowRun");
            assertThat(ref.getUid()).isEqualTo(run.getMetadata().getUid());
        });
        assertThat(claim.getMetadata().getLabels()).containsEntry(StepLabels.MANAGED_BY, StepLabels.OPERATOR)
                .containsEntry(StepLabels.RUN, "wf");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));
        assertThat(client.persistentVolumeClaims().inNamespace(namespace.name()).list().getItems()).hasSize(1);
        List<Job> jobs = namespace.steps().createdJobs();
        assertThat(jobs).hasSize(2).allSatisfy(job -> {
            assertThat(volume(job, "polycrate-artifacts").getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("wf-artifacts");
            // the child block has its parent's files, under its own name
            assertThat(volume(job, "polycrate-block-files").getConfigMap().getName()).isEqualTo("base-files");
        });
        assertThat(jobs).extracting(job -> job.getSpec().getTemplate().getSpec().getContainers().get(0).getWorkingDir())
                .containsExactly("/workspace/blocks/base", "/workspace/blocks/child");
    }

    @Test
    void aMissingFilesConfigMapFailsTheStepSayingSoWithoutAJob() {
        namespace.createWorkspace("/workspaces/files-and-artifacts.yaml");
        namespace.createRun("wf", "files", "deploy", true);

        WorkflowRun failed = namespace.awaitPhase("wf", RunPhase.Failed);

        assertThat(failed.getStatus().getSteps()).extracting(s -> s.getPhase())
                .containsExactly(StepPhase.Failed, StepPhase.Skipped);
        assertThat(failed.getStatus().getSteps().get(0).getMessage()).isEqualTo("the block's files cannot be mounted: "
                + "ConfigMap \"base-files\" (files.configMapRef of block \"base\") does not exist in namespace \""
                + namespace.name() + "\"");
        assertThat(failed.getStatus().getMessage()).contains("Step 'write' failed", "ConfigMap \"base-files\"");
        assertThat(namespace.jobsOf("wf")).isEmpty();
        assertThat(namespace.eventReasonsOf("wf")).contains("StepFailed", "RunFailed");
    }

    @Test
    void aClaimOfItsNameThatIsNotTheRunsIsWaitedForUntilItIsGone() {
        createFilesConfigMap();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("wf-artifacts").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
                .inNamespace(namespace.name()).create();
        namespace.createWorkspace("/workspaces/files-and-artifacts.yaml");
        namespace.createRun("wf", "files", "deploy", true);

        await().atMost(TestNamespace.WAIT).untilAsserted(() -> assertThat(namespace.run("wf").getStatus().getMessage())
                .startsWith("Step 'write' waits: PersistentVolumeClaim wf-artifacts exists and does not belong to "
                        + "this run (its controller: none)"));
        assertThat(namespace.jobsOf("wf")).isEmpty();
        assertThat(namespace.eventReasonsOf("wf")).contains("NameConflict");

        client.persistentVolumeClaims().inNamespace(namespace.name()).withName("wf-artifacts").delete();

        WorkflowRun done = namespace.awaitPhase("wf", RunPhase.Succeeded);
        assertThat(done.getStatus().getSteps()).extracting(s -> s.getPhase()).containsOnly(StepPhase.Succeeded);
        assertThat(claim("wf-artifacts").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(done.getMetadata().getUid()));
    }
}
