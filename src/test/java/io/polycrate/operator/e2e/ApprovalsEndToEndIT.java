package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * Approvals that mean something, as the chart installs them: the ValidatingAdmissionPolicy lets only users with
 * the verb approve (ClusterRole polycrate-approver) answer prompts, and every answer is signed with its user.
 * Users are played with kubectl --as: alice and carol are approvers, bob may edit runs but not approve.
 */
class ApprovalsEndToEndIT extends EndToEndTest {
    @BeforeEach
    void usersAndTheirRights() throws Exception {
        sandbox.requireRealNode();
        assertThat(sandbox.chart()).as("the policy comes with the chart").isNotNull();
        sandbox.kubectlWithInput("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: run-editor}
                rules:
                - apiGroups: [polycrate.io]
                  resources: [workflowruns]
                  verbs: [get, list, watch, create, update, patch]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: run-editors}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: run-editor}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: bob}
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: approvers}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: polycrate-approver}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}
                """, "apply", "-n", ns, "-f", "-").ok();
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
    }

    private Result as(String user, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--as", user, "-n", ns));
        all.addAll(List.of(args));
        return sandbox.kubectl(all.toArray(String[]::new));
    }

    private Result pluginAs(String user, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--as", user, "-n", ns));
        all.addAll(List.of(args));
        return sandbox.plugin(all.toArray(String[]::new));
    }

    private String waitingRun() throws Exception {
        String run = k("create", "-f", EXAMPLES.resolve("workflow-1-run.yaml").toString(), "-o",
                "jsonpath={.metadata.name}").ok().out();
        awaitValue("pwr/" + run, "{.status.prompt.id}", "workflow");
        return run;
    }

    private Result createPreApprovedAs(String user, String answeredBy) throws Exception {
        Path manifest = Files.createTempFile("run", ".yaml");
        Files.writeString(manifest, """
                apiVersion: polycrate.io/v1alpha1
                kind: WorkflowRun
                metadata:
                  generateName: pre-approved-
                  annotations:
                    polycrate.io/approve: workflow
                    polycrate.io/answered-by: "%s"
                spec: {workspace: workflow-workspace, workflow: workflow-1}
                """.formatted(answeredBy));
        try {
            return as(user, "create", "-f", manifest.toString(), "-o", "jsonpath={.metadata.name}");
        } finally {
            Files.delete(manifest);
        }
    }

    @Test
    void onlyApproversAnswerAndEveryAnswerIsSignedByWhoeverGaveIt() throws Exception {
        String run = waitingRun();

        Result bob = as("bob", "annotate", "pwr/" + run, "polycrate.io/approve=workflow",
                "polycrate.io/answered-by=workflow=bob");
        assertThat(bob.exitCode()).isNotZero();
        assertThat(bob.err()).contains("Forbidden").contains("bob may not answer prompts of workflowrun " + run)
                .contains("ClusterRole polycrate-approver");
        Result bobPlugin = pluginAs("bob", "approve", run);
        assertThat(bobPlugin.exitCode()).isEqualTo(1);
        assertThat(bobPlugin.err()).contains("bob may not answer prompts");

        Result claimsCarol = as("alice", "annotate", "pwr/" + run, "polycrate.io/approve=workflow",
                "polycrate.io/answered-by=workflow=carol");
        assertThat(claimsCarol.exitCode()).isNotZero();
        assertThat(claimsCarol.err()).contains("add workflow=alice to the annotation polycrate.io/answered-by");
        Result unsigned = as("alice", "annotate", "pwr/" + run, "polycrate.io/approve=workflow");
        assertThat(unsigned.exitCode()).isNotZero();
        assertThat(unsigned.err()).contains("must be signed with your user name");

        assertThat(pluginAs("alice", "approve", run).ok().out())
                .startsWith("Approved prompt 'workflow' of workflowrun/" + run + " as alice");
        awaitValue("pwr/" + run, "{.status.prompt.id}", "action:block-1-action-1");
        assertThat(get("pwr/" + run, "{.status.steps[0].approvals[0].user}")).isEqualTo("alice");

        Result bobRemoves = as("bob", "annotate", "pwr/" + run, "polycrate.io/approve-");
        assertThat(bobRemoves.exitCode()).isNotZero();
        assertThat(bobRemoves.err()).contains("bob may not answer prompts");
        Result bobRewrites = as("bob", "annotate", "pwr/" + run, "polycrate.io/answered-by=workflow=bob", "--overwrite");
        assertThat(bobRewrites.exitCode()).isNotZero();

        Result bobPreApproves = createPreApprovedAs("bob", "workflow=bob");
        assertThat(bobPreApproves.exitCode()).isNotZero();
        assertThat(bobPreApproves.err()).contains("bob may not answer prompts");
        String preApproved = createPreApprovedAs("alice", "workflow=alice").ok().out();
        awaitValue("pwr/" + preApproved, "{.status.prompt.id}", "action:block-1-action-1");
        assertThat(get("pwr/" + preApproved, "{.status.steps[0].approvals[0].user}")).isEqualTo("alice");
    }

    @Test
    void twoPromptsAnsweredByTwoUsersOneRightAfterTheOtherAreEachRecordedWithTheirOwnUser() throws Exception {
        String run = waitingRun();

        // carol answers the next prompt ahead of time right after alice answered this one, before the
        // operator has looked at alice's answer
        pluginAs("alice", "approve", run).ok();
        pluginAs("carol", "approve", run, "action:block-1-action-1").ok();

        awaitValue("pwr/" + run, "{.status.prompt.id}", "step:block-2-action-1");
        pluginAs("alice", "approve", run).ok();
        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");
        assertThat(get("pwr/" + run, "{range .status.steps[*].approvals[*]}{.prompt}={.user} {end}").strip())
                .isEqualTo("workflow=alice action:block-1-action-1=carol step:block-2-action-1=alice");
        String status = sandbox.plugin("-n", ns, "status", run).ok().out();
        assertThat(status).contains("workflow (block-1-action-1) approved by alice at ")
                .contains("action:block-1-action-1 (block-1-action-1) approved by carol at ");
        String events = k("get", "events", "--field-selector", "involvedObject.name=" + run, "-o",
                "jsonpath={.items[*].message}").ok().out();
        assertThat(events).contains("Prompt 'workflow' approved by alice")
                .contains("Prompt 'action:block-1-action-1' approved by carol");
    }

    @Test
    void twoConcurrentAnswersToTwoPromptsBothLand() throws Exception {
        String run = waitingRun();

        CompletableFuture<Result> alice = CompletableFuture.supplyAsync(() -> unchecked(() ->
                pluginAs("alice", "approve", run, "workflow")));
        CompletableFuture<Result> carol = CompletableFuture.supplyAsync(() -> unchecked(() ->
                pluginAs("carol", "approve", run, "action:block-1-action-1")));

        alice.join().ok();
        carol.join().ok();
        assertThat(List.of(get("pwr/" + run, "{.metadata.annotations.polycrate\\.io/approve}").split(",")))
                .containsExactlyInAnyOrder("workflow", "action:block-1-action-1");
        assertThat(List.of(get("pwr/" + run, "{.metadata.annotations.polycrate\\.io/answered-by}").split(",")))
                .containsExactlyInAnyOrder("workflow=alice", "action:block-1-action-1=carol");
        awaitValue("pwr/" + run, "{.status.prompt.id}", "step:block-2-action-1");
    }

    @Test
    void withTheOperatorStoppedThePolicyStillRefusesAnUnauthorisedAnswer() throws Exception {
        String run = waitingRun();
        sandbox.killOperator();
        try {
            Result bob = pluginAs("bob", "approve", run);
            assertThat(bob.exitCode()).isEqualTo(1);
            assertThat(bob.err()).contains("bob may not answer prompts");
            pluginAs("alice", "approve", run).ok();
        } finally {
            sandbox.startOperator();
        }
        awaitValue("pwr/" + run, "{.status.prompt.id}", "action:block-1-action-1");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(get("pwr/" + run, "{.status.steps[0].approvals[0].user}")).isEqualTo("alice"));
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
