package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step as a Polycrate action sees it, run for real on the sandbox's real node (see RealNodeEndToEndIT): the
 * runner's shell and pipefail, templates rendered at plan time, Polycrate's environment, KUBECONFIG in Polycrate's
 * order (the block's artifact a step wrote, else Secrets), a playbook's command line, and a template that cannot be
 * rendered refused before anything runs.
 */
class RealNodeParityEndToEndIT extends EndToEndTest {

    @BeforeEach
    void realNodeAndWorkspace() throws Exception {
        sandbox.requireRealNode();
        k("create", "secret", "generic", "app-kubeconfig", "--from-literal=config=app-cluster").ok();
        k("create", "secret", "generic", "workspace-kubeconfig", "--from-literal=kubeconfig.yml=workspace-cluster")
                .ok();
        Path fake = Files.createTempFile("ansible-playbook", "");
        Files.writeString(fake, """
                #!/bin/sh
                echo "ansible-playbook $* in $(pwd)"
                grep -E '^[a-z]+:' "${2#@}" | tr '\\n' ' '
                echo
                """);
        k("create", "configmap", "fake-ansible", "--from-file=ansible-playbook=" + fake).ok();
        Files.delete(fake);
        k("apply", "-f", RESOURCES.resolve("real-node-parity.yaml").toString()).ok();
    }

    @Test
    void aPlaybookRunsWithTheSnapshotAsPolycrateCallsAnsible() throws Exception {
        String run = createRun("parity", "playbook", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");

        // the snapshot's top-level keys, as the stand-in read them from the file named after -e @
        assertThat(sandbox.plugin("-n", ns, "logs", run, "deploy").ok().out()).isEqualTo(
                "ansible-playbook -e @/polycrate/snapshot.yaml playbooks/deploy-site.yml --check in /workspace\n"
                        + "workspace: block: action: workflow: step: env: run: \n");
        assertThat(get("pwr/" + run, "{.status.steps[0].shell}")).isEqualTo("bash");
    }

    @Test
    void underBashAFailingCommandInAPipelineFailsTheStep() throws Exception {
        String run = createRun("parity", "pipefail", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Failed");

        assertThat(get("pwr/" + run, "{.status.steps[0].exitCode}")).isEqualTo("1");
        assertThat(get("pwr/" + run, "{.status.steps[0].shell}")).isEqualTo("bash");
        assertThat(get("pwr/" + run, "{.status.steps[0].message}")).isEqualTo("before");
        assertThat(sandbox.plugin("-n", ns, "logs", run, "pipefail").ok().out()).contains("before")
                .doesNotContain("not reached");
    }

    @Test
    void templatesEnvironmentAndKubeconfigAreAsPolycrateGivesThem() throws Exception {
        String run = createRun("parity", "render", true);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");

        assertThat(sandbox.plugin("-n", ns, "logs", run, "render").ok().out()).isEqualTo("""
                namespace=prod hosts=alpha,beta, workspace=parity
                env: /workspace parity 1
                kubeconfig: /etc/polycrate/kubeconfig/kubeconfig.yml app-cluster
                """);
        assertThat(sandbox.plugin("-n", ns, "logs", run, "plain").ok().out())
                .isEqualTo("kubeconfig: /etc/polycrate/kubeconfig/kubeconfig.yml workspace-cluster\n");
        assertThat(get("pwr/" + run, "{.status.steps[*].shell}")).isEqualTo("bash bash");
        assertThat(get("pwr/" + run, "{.status.steps[*].message}")).isEmpty();
    }

    @Test
    void aKubeconfigWrittenByAStepIsKubeconfigForTheStepsAfterIt() throws Exception {
        String run = createRun("handover", "hand-over", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded", RealNodeEndToEndIT.PULL_GIVE_UP);

        assertThat(sandbox.plugin("-n", ns, "logs", run).ok().out()).isEqualTo("""
                [create] before: /etc/polycrate/kubeconfig/kubeconfig.yml workspace-cluster
                [use] after: /workspace/artifacts/blocks/k8s/kubeconfig.yml created-by-step-1
                [borrow] borrowed: /workspace/artifacts/blocks/k8s/kubeconfig.yml created-by-step-1
                """);
    }

    @Test
    void withoutBashShRunsTheScriptAndTheStatusSaysSo() throws Exception {
        String run = createRun("parity", "no-bash", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");

        assertThat(get("pwr/" + run, "{.status.steps[0].shell}")).isEqualTo("sh");
        assertThat(sandbox.plugin("-n", ns, "logs", run, "run").ok().out()).isEqualTo("without pipefail\n");
    }

    @Test
    void aKubeconfigSecretThatDoesNotExistFailsTheStepSayingWhich() throws Exception {
        String run = createRun("parity", "missing-secret", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Failed");

        assertThat(get("pwr/" + run, "{.status.steps[0].exitCode}")).isEqualTo("1");
        assertThat(get("pwr/" + run, "{.status.steps[0].message}")).isEqualTo(
                "polycrate: KUBECONFIG: the Secret \"does-not-exist\" does not exist or has no key \"kubeconfig.yml\"");
    }

    @Test
    void aTemplateThatCannotBeRenderedMakesTheWorkspaceInvalidAndFailsTheRun() throws Exception {
        k("patch", "pws/parity", "--type", "json", "-p", """
                [{"op": "replace", "path": "/spec/blocks/1/actions/0/script/0",
                  "value": "echo {{ .Block.Config.namespace }}"}]""").ok();

        String problem = "blocks[1].actions[0].script[0]: block \"plain\", action \"kubeconfig\", line 1: "
                + ".Block.Config.namespace has no value: a key on its path is missing (Go would print \"<no value>\")";
        awaitValue("pws/parity", "{.status.conditions[?(@.type==\"Ready\")].status}", "False");
        assertThat(get("pws/parity", "{.status.conditions[?(@.type==\"Ready\")].message}")).contains(problem);
        String run = createRun("parity", "render", true);
        awaitValue("pwr/" + run, "{.status.phase}", "Failed");
        assertThat(get("pwr/" + run, "{.status.message}")).contains(problem);
        assertThat(jobsOf(run)).isEmpty();
    }
}
