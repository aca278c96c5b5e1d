package io.polycrate.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.polycrate.operator.api.v1alpha1.ActionRef;
import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.WebhookSecretRef;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceEvents;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.workflow.Decision;
import io.polycrate.operator.workflow.JobObservation;
import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workflow.PromptAnswers;
import io.polycrate.operator.workflow.RunInput;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.RunStateMachine;
import io.polycrate.operator.workflow.StoredPlan;

/**
 * The documents a run's status writes make due, driven through the real decider: one per transaction that ends and
 * one for the outcome, with Polycrate's field names, each once.
 */
class WebhookDocumentsTest {
    private static final Instant T0 = Instant.parse("2026-01-30T10:00:00Z");
    private static final EventWebhook HOOK = new EventWebhook("https://hooks.example.com/x", null, null);

    /** Drives one run through the decider, collecting what each status write makes due. */
    private static final class Run {
        final WorkflowRun run = new WorkflowRun();
        final RunPlan plan;
        final Map<String, JobObservation> jobs = new HashMap<>();
        final List<WebhookDocument> sent = new ArrayList<>();
        final AtomicInteger transactions = new AtomicInteger();
        Instant now = T0;

        Run(RunPlan plan, WorkflowRunSpec spec) {
            this.plan = plan;
            run.getMetadata().setName("deploy-x7k2p");
            run.getMetadata().setNamespace("team-a");
            run.getMetadata().setUid("run-uid");
            run.getMetadata().setGeneration(1L);
            run.setSpec(spec);
        }

        void decide() {
            Decision decision = RunStateMachine.decide(new RunInput(run, new StoredPlan.Found(plan), null, null,
                    Map.copyOf(jobs), PromptAnswers.NONE, now, new RunInput.Settings(Duration.ofMinutes(2),
                            Duration.ofMinutes(5), "alpine:3.20"), () -> "tx-" + transactions.incrementAndGet()));
            WorkflowRunStatus before = run.getStatus();
            run.setStatus(decision.status());
            sent.addAll(WebhookDocuments.between(before, run, plan));
        }

        String job(int position) {
            return run.getStatus().getSteps().get(position).getJob();
        }

        String transaction(int position) {
            return run.getStatus().getSteps().get(position).getTransaction();
        }
    }

    private static PlannedStep step(int position, String name, String block, String action) {
        return new PlannedStep(position, position, name, block, action, "alpine:3.20", List.of("true"), null, null,
                null, null, null, List.of(), List.of(), null);
    }

    private static WorkflowRunSpec workflowSpec() {
        WorkflowRunSpec spec = new WorkflowRunSpec();
        spec.setWorkspace("shop");
        spec.setWorkflow("deploy");
        return spec;
    }

    private static JsonNode json(WebhookDocument document) {
        return Json.SERIALIZATION.convertValue(document, JsonNode.class);
    }

    @Test
    void aWorkflowReportsEachTransactionThatEndsAndItsOutcomeOnceWithPolycratesFieldNames() {
        Run r = new Run(new RunPlan("shop", 3L, "deploy", false, null, List.of(step(0, "install-db", "database",
                "install"), step(1, "migrate", "database", "migrate"))).withWebhook(HOOK), workflowSpec());
        r.decide(); // step 1's transaction recorded, its Job asked for
        r.jobs.put(r.job(0), JobObservation.active(r.job(0), r.transaction(0), T0));
        r.decide(); // running
        assertThat(r.sent).as("nothing while a step starts and runs (Polycrate reports a transaction when it stops)")
                .isEmpty();
        r.now = T0.plusSeconds(30);
        r.jobs.put(r.job(0), JobObservation.succeeded(r.job(0), r.transaction(0), T0, 0, "created", r.now));
        r.decide(); // step 1 ends, step 2 asked for
        r.decide(); // nothing new: the same status again makes nothing due again
        assertThat(r.sent).hasSize(1);
        r.jobs.put(r.job(1), JobObservation.failed(r.job(1), r.transaction(1), r.now, 3, "exit code 3",
                "psql: relation does not exist\n", r.now.plusSeconds(5)));
        r.now = r.now.plusSeconds(6);
        r.decide();
        r.decide();

        assertThat(r.sent).extracting(WebhookDocument::kind).containsExactly("transaction", "transaction", "run");
        JsonNode first = json(r.sent.get(0));
        assertThat(first.toString()).isEqualTo("{\"id\":\"tx-1\",\"kind\":\"transaction\",\"labels\":{"
                + "\"monk.event.class\":\"polycrate\",\"monk.event.level\":\"Info\"},\"workspace\":\"shop\","
                + "\"workflow\":\"deploy\",\"step\":\"install-db\",\"block\":\"database\",\"action\":\"install\","
                + "\"transaction\":\"tx-1\",\"exit_code\":0,\"date\":\"2026-01-30T10:00:00Z\","
                + "\"completion_date\":\"2026-01-30T10:00:30Z\",\"phase\":\"Succeeded\","
                + "\"message\":\"Step 'install-db' succeeded\",\"output\":\"created\",\"run\":\"deploy-x7k2p\","
                + "\"namespace\":\"team-a\"}");
        JsonNode failed = json(r.sent.get(1));
        assertThat(failed.path("transaction").asText()).isEqualTo("tx-2");
        assertThat(failed.path("step").asText()).isEqualTo("migrate");
        assertThat(failed.path("exit_code").asInt()).isEqualTo(3);
        assertThat(failed.path("phase").asText()).isEqualTo("Failed");
        assertThat(failed.path("labels").path("monk.event.level").asText()).isEqualTo("Error");
        assertThat(failed.path("message").asText()).isEqualTo("Step 'migrate' failed with exit code 3");
        assertThat(failed.path("output").asText()).isEqualTo("psql: relation does not exist\n");
        JsonNode outcome = json(r.sent.get(2));
        assertThat(outcome.path("id").asText()).isEqualTo("run-uid");
        assertThat(outcome.path("phase").asText()).isEqualTo("Failed");
        assertThat(outcome.path("reason").asText()).isEqualTo("StepFailed");
        assertThat(outcome.path("message").asText()).isEqualTo(r.run.getStatus().getMessage())
                .startsWith("Step 'migrate' failed (transaction tx-2)");
        assertThat(outcome.path("workflow").asText()).isEqualTo("deploy");
        assertThat(outcome.has("transaction")).as("a run is no transaction").isFalse();
        assertThat(outcome.has("step")).isFalse();
        assertThat(outcome.path("date").asText()).isEqualTo("2026-01-30T10:00:00Z");
        assertThat(outcome.path("completion_date").asText()).isEqualTo("2026-01-30T10:00:36Z");
    }

    @Test
    void aRunOfOneActionNamesItsBlockAndActionAndNoStepAsPolycrateDoes() {
        WorkflowRunSpec spec = new WorkflowRunSpec();
        spec.setWorkspace("shop");
        spec.setAction(new ActionRef("database", "backup"));
        Run r = new Run(new RunPlan("shop", 3L, null, false, null, List.of(step(0, "backup", "database", "backup")))
                .withWebhook(HOOK), spec);
        r.decide();
        r.jobs.put(r.job(0), JobObservation.succeeded(r.job(0), r.transaction(0), T0, 0, "", T0.plusSeconds(2)));
        r.decide();

        assertThat(r.sent).hasSize(2);
        JsonNode transaction = json(r.sent.get(0));
        assertThat(transaction.has("step")).isFalse();
        assertThat(transaction.has("workflow")).isFalse();
        assertThat(transaction.has("output")).as("a step that printed nothing").isFalse();
        assertThat(transaction.path("action").asText()).isEqualTo("backup");
        JsonNode outcome = json(r.sent.get(1));
        assertThat(outcome.path("block").asText()).isEqualTo("database");
        assertThat(outcome.path("action").asText()).isEqualTo("backup");
        assertThat(outcome.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(outcome.path("reason").asText()).isEqualTo("Succeeded");
        assertThat(outcome.path("labels").path("monk.event.level").asText()).isEqualTo("Info");
    }

    @Test
    void aStepSkippedWithoutRunningIsNoTransactionAndACompletedWithFailuresOutcomeIsAWarning() {
        Run r = new Run(new RunPlan("shop", 3L, "deploy", true, null, List.of(step(0, "a", "b", "a"),
                step(1, "c", "b", "c"))).withWebhook(HOOK), workflowSpec());
        r.decide();
        r.jobs.put(r.job(0), JobObservation.failed(r.job(0), r.transaction(0), T0, 1, "exit code 1", "", T0));
        r.decide();
        r.jobs.put(r.job(1), JobObservation.succeeded(r.job(1), r.transaction(1), T0, 0, "", T0));
        r.decide();
        assertThat(r.sent).extracting(WebhookDocument::phase).containsExactly("Failed", "Succeeded", "Succeeded");
        assertThat(r.sent.get(2).reason()).isEqualTo("CompletedWithFailures");
        assertThat(r.sent.get(2).labels()).containsEntry("monk.event.level", "Warning");

        Run cancelled = new Run(new RunPlan("shop", 3L, "deploy", false, null, List.of(step(0, "a", "b", "a"),
                step(1, "c", "b", "c"))).withWebhook(HOOK), workflowSpec());
        cancelled.decide();
        cancelled.jobs.put(cancelled.job(0), JobObservation.active(cancelled.job(0), cancelled.transaction(0), T0));
        cancelled.decide();
        cancelled.run.getSpec().setCancel(true);
        cancelled.decide();
        assertThat(cancelled.sent).extracting(WebhookDocument::kind, WebhookDocument::phase).containsExactly(
                org.assertj.core.groups.Tuple.tuple("transaction", "Cancelled"),
                org.assertj.core.groups.Tuple.tuple("run", "Cancelled"));
        assertThat(cancelled.sent.get(0).message()).isEqualTo("Step 'a' was cancelled");
    }

    @Test
    void documentsGoToTheWebhookFrozenWithThePlanAndWithoutAPlanToAValidWorkspacesWebhook() {
        EventWebhook frozen = new EventWebhook("https://frozen.example.com", new WebhookSecretRef("t", "token"), null);
        RunPlan plan = new RunPlan("shop", 3L, "deploy", false, null, List.of(step(0, "a", "b", "a")))
                .withWebhook(frozen);
        Workspace edited = new Workspace();
        edited.setSpec(new WorkspaceSpec());
        edited.getSpec().setEvents(new WorkspaceEvents(new EventWebhook("https://edited.example.com", null, null)));

        assertThat(WebhookDocuments.target(new StoredPlan.Found(plan), edited)).isSameAs(frozen);
        assertThat(WebhookDocuments.target(new StoredPlan.Found(plan.withWebhook(null)), edited))
                .as("a plan frozen without a webhook reports nowhere, whatever the Workspace says now").isNull();
        assertThat(WebhookDocuments.target(new StoredPlan.Missing(), edited).getUrl())
                .isEqualTo("https://edited.example.com");
        assertThat(WebhookDocuments.target(new StoredPlan.Missing(), null)).isNull();
        edited.getSpec().getEvents().getWebhook().setUrl("ftp://nope");
        assertThat(WebhookDocuments.target(new StoredPlan.Missing(), edited)).as("an invalid workspace's").isNull();
    }

    @Test
    void theFrozenPlanKeepsTheWebhookThroughItsJson() {
        RunPlan plan = new RunPlan("shop", 3L, "deploy", false, null, List.of(step(0, "a", "b", "a")))
                .withWebhook(new EventWebhook("https://h.example.com/x", new WebhookSecretRef("t", "token"),
                        "X-Api-Key"));
        String json = Json.SERIALIZATION.asJson(plan);
        RunPlan read = Json.SERIALIZATION.unmarshal(json, RunPlan.class);

        assertThat(read.webhook().getUrl()).isEqualTo("https://h.example.com/x");
        assertThat(read.webhook().getSecretRef().getName()).isEqualTo("t");
        assertThat(read.webhook().getHeader()).isEqualTo("X-Api-Key");
        String older = json.replaceAll(",\"webhook\":\\{.*\\}\\}$", "}");
        assertThat(older).doesNotContain("webhook");
        assertThat(Json.SERIALIZATION.unmarshal(older, RunPlan.class).webhook())
                .as("a plan frozen before webhooks existed").isNull();
    }
}
