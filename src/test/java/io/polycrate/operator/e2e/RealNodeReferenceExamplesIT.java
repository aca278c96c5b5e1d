package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * The examples of Polycrate's workflow page, applied with kustomize as they are (only the sandbox's image and the real
 * node's scheduling patched in, src/test/resources/e2e/reference) and run on the sandbox's real node with the kubectl
 * plugin, ending as Polycrate's runs would: the multi-tier stack in order with real Ansible playbooks, the maintenance
 * workflow past its failed health check (allow_failure), each environment with its own kubeconfig and production
 * behind its prompt. Each example twice, with the same assertions: written by hand (examples/reference) and imported
 * with `kubectl polycrate import` from the same workspace written as a Polycrate workspace (examples/polycrate).
 */
class RealNodeReferenceExamplesIT extends EndToEndTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A run's steps on the real node: pods start in seconds once the images are there. */
    private static final Duration RUN = Duration.ofMinutes(5);
    /** sandbox/build-ansible-image: about 40 s from Debian's mirror, nothing once cached. */
    private static final Duration IMAGE_BUILD = Duration.ofMinutes(15);

    @TempDir
    Path imported;

    @BeforeEach
    void realNodeIsThere() throws Exception {
        sandbox.requireRealNode();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WorkspaceSource.class)
    void multiTierDeploysTheStackInOrderWithItsPlaybooks(WorkspaceSource source) throws Exception {
        // the steps run Ansible: the image is built (cached per package list) and loaded only for this test
        sandbox.script(IMAGE_BUILD, Sandbox.REPO.resolve("sandbox/build-ansible-image").toString(), "--load").ok();
        apply(source, "multi-tier", "microservices-workspace");

        String run = name(run("microservices-workspace", "deploy-complete-stack", "--force").ok());

        assertThat(get("pwr/" + run, "{.status.phase} {.status.steps[*].name} {.status.steps[*].phase}"))
                .isEqualTo("Succeeded provision-infrastructure deploy-database deploy-backend deploy-frontend "
                        + "Succeeded Succeeded Succeeded Succeeded");
        assertThat(logs(run, "provision-infrastructure")).contains(
                "terraform (stand-in) -chdir=terraform apply -auto-approve",
                "  + example_network.app will be created",
                "  + example_kubernetes_cluster.app will be created",
                "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
        // real ansible-playbook, with the workspace snapshot's variables and what the steps before left
        assertThat(logs(run, "deploy-database")).contains("PLAY [install PostgreSQL]",
                "\"msg\": \"block database (from postgres-base): PostgreSQL 15, database app, in app-network "
                        + "(eu-central-1)\"",
                "localhost                  : ok=2    changed=1    unreachable=0    failed=0");
        assertThat(logs(run, "deploy-backend")).contains("\"msg\": \"step deploy-backend: deploy backend-api "
                + "(registry.example.com/shop/backend-api:2.3.0, replicas: 2) with "
                + "DATABASE_URL=postgres://database.app-network:5432/app\"");
        assertThat(logs(run, "deploy-frontend")).contains("\"msg\": \"step deploy-frontend: deploy frontend "
                + "(registry.example.com/shop/frontend:1.8.1, replicas: 1) with "
                + "DATABASE_URL=postgres://database.app-network:5432/app\"");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WorkspaceSource.class)
    void maintenanceGoesOnPastTheFailedHealthCheckAndEndsCompletedWithFailures(WorkspaceSource source)
            throws Exception {
        apply(source, "maintenance", "maintenance-workspace");

        Result result = run("maintenance-workspace", "maintenance", "--force");

        assertThat(result.exitCode()).as("run --wait: 4 is CompletedWithFailures; %s", result.err()).isEqualTo(4);
        String run = name(result);
        assertThat(result.out()).contains("workflowrun/" + run + " Succeeded (CompletedWithFailures)");
        assertThat(get("pwr/" + run, "{.status.phase} {.status.conditions[?(@.type==\"Finished\")].reason}"))
                .isEqualTo("Succeeded CompletedWithFailures");
        assertThat(get("pwr/" + run, "{range .status.steps[*]}{.name}={.phase} {end}").strip()).isEqualTo(
                "notify-users=Succeeded backup-database=Succeeded backup-volumes=Succeeded "
                        + "update-application=Succeeded verify-health=Failed notify-complete=Succeeded");
        assertThat(logs(run, "notify-users")).isEqualTo(
                "[#ops] maintenance starts (workflow maintenance, step notify-users)\n");
        assertThat(logs(run, "backup-database")).startsWith("database orders backed up to "
                + "/workspace/artifacts/blocks/database/orders-");
        assertThat(logs(run, "backup-volumes")).isEqualTo("volume uploads backed up\nvolume media backed up\n");
        assertThat(logs(run, "verify-health")).contains("application version: 2.4.1: status: starting",
                "health check failed");
        assertThat(logs(run, "notify-complete")).isEqualTo(
                "[#ops] maintenance complete (workflow maintenance, step notify-complete)\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WorkspaceSource.class)
    void eachEnvironmentDeploysWithItsOwnKubeconfigAndProductionWaitsForItsPrompt(WorkspaceSource source)
            throws Exception {
        apply(source, "multi-environment", "multi-environment-workspace");

        String staging = name(run("multi-environment-workspace", "deploy-to-staging").ok());
        assertThat(logs(staging, "deploy-staging")).isEqualTo("deploy application to staging (replicas: 1): "
                + "context staging, server https://staging.k8s.example.invalid:6443\n");

        // without --force, production waits at its prompt and starts nothing until it is approved
        String production = sandbox.plugin("-n", ns, "run", "multi-environment-workspace", "deploy-to-production")
                .ok().out().strip();
        awaitValue("pwr/" + production, "{.status.prompt.id}", "workflow");
        assertThat(get("pwr/" + production, "{.status.prompt.message}")).isEqualTo("Deploy to PRODUCTION?");
        assertThat(jobsOf(production)).isEmpty();

        sandbox.plugin("-n", ns, "approve", production).ok();
        assertThat(sandbox.plugin(RUN, "-n", ns, "wait", production).exitCode()).isZero();

        assertThat(get("pwr/" + production, "{.status.phase} {.status.steps[*].phase}"))
                .isEqualTo("Succeeded Succeeded Succeeded Succeeded");
        assertThat(logs(production, "backup-prod-db")).isEqualTo("backup of orders in context production\n");
        assertThat(logs(production, "deploy-prod-app")).isEqualTo("deploy production-application to production "
                + "(replicas: 3): context production, server https://production.k8s.example.invalid:6443\n");
        assertThat(logs(production, "verify-prod")).isEqualTo(
                "healthcheck of production-application in context production\n");
    }

    /**
     * kubectl apply -k the example's real-node overlay (hand-written), or kubectl polycrate import of the Polycrate
     * workspace with the overlay's same patches applied to what it printed, after the Secrets it names (imported);
     * then its Workspace is Ready.
     */
    private void apply(WorkspaceSource source, String example, String workspace) throws Exception {
        Path overlay = RESOURCES.resolve("reference").resolve(example);
        if (source == WorkspaceSource.HAND_WRITTEN) {
            k("apply", "-k", overlay.toString()).ok();
        } else {
            Result manifests = importPolycrateWorkspace(example);
            // a kubeconfig is a Secret the import names (created above), never a value in what it prints
            assertThat(manifests.out()).doesNotContain("not-a-token");
            Files.writeString(imported.resolve("import.yaml"), manifests.out());
            ObjectNode kustomization = (ObjectNode) YAML.readTree(overlay.resolve("kustomization.yaml").toFile());
            kustomization.putArray("resources").add("import.yaml");
            YAML.writeValue(imported.resolve("kustomization.yaml").toFile(), kustomization);
            k("apply", "-k", imported.toString()).ok();
        }
        awaitValue("workspace/" + workspace, "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
    }

    /** kubectl polycrate run WORKSPACE WORKFLOW --wait [--force]: the run's name, then its outcome. */
    private Result run(String workspace, String workflow, String... flags) throws Exception {
        String[] args = {"-n", ns, "run", workspace, workflow, "--wait"};
        String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(flags)).toArray(String[]::new);
        return sandbox.plugin(RUN, all);
    }

    /** The run's name: the first line run prints. */
    private static String name(Result run) {
        return run.out().lines().findFirst().orElseThrow().strip();
    }

    private String logs(String run, String step) throws Exception {
        return sandbox.plugin("-n", ns, "logs", run, step).ok().out();
    }
}
