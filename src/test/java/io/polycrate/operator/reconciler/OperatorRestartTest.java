package io.polycrate.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.config.OperatorConfig;
import io.polycrate.operator.events.EventRecorder;
import io.polycrate.operator.metrics.OperatorMetrics;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.testing.StepRunner;
import io.polycrate.operator.testing.TestNamespace;
import io.polycrate.operator.webhook.WebhookDelivery;
import io.polycrate.operator.workflow.JobObservation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * An operator stopped at the worst moments and started again finishes every run with exactly one Job per
 * step. The test starts and stops operators itself (the Quarkus-managed one is off), each a fresh process
 * as far as the run is concerned: nothing carries over but what is in the API server.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(OperatorRestartTest.NoManagedOperator.class)
class OperatorRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Turns the Quarkus-managed operator off so the test controls operator lifetimes. */
    public static class NoManagedOperator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.operator-sdk.start-operator", "false");
        }
    }

    @Inject
    KubernetesClient client;

    private TestNamespace testNamespace;
    private String namespace;
    private StepRunner steps;
    private Operator operator;

    @BeforeEach
    void setUp(TestInfo test) {
        testNamespace = TestNamespace.of(client, test);
        namespace = testNamespace.name();
        steps = testNamespace.steps();
        testNamespace.createWorkspace("/workspaces/three-steps.yaml");
    }

    @AfterEach
    void tearDown() {
        if (operator != null) {
            operator.stop();
        }
        testNamespace.close();
    }

    /** A new operator process: fresh reconciler, fresh plan cache, fresh informers. */
    private Operator startOperator(StepJobs stepJobs) {
        OperatorConfig config = new OperatorConfig() {
            @Override
            public String defaultImage() {
                return "alpine:3.20";
            }

            @Override
            public Duration imagePullGracePeriod() {
                return Duration.ofMinutes(2);
            }

            @Override
            public Duration waitTimeout() {
                return Duration.ofMinutes(5);
            }

            @Override
            public String instance() {
                return "restart-test";
            }

            @Override
            public LeaderElection leaderElection() {
                throw new UnsupportedOperationException("no leader election in this test");
            }

            @Override
            public Webhook webhook() {
                return new Webhook() {
                    @Override
                    public int maxAttempts() {
                        return 1;
                    }

                    @Override
                    public Duration initialBackoff() {
                        return Duration.ofSeconds(1);
                    }

                    @Override
                    public Duration maxBackoff() {
                        return Duration.ofSeconds(1);
                    }

                    @Override
                    public Duration timeout() {
                        return Duration.ofSeconds(1);
                    }

                    @Override
                    public int queueCapacity() {
                        return 1;
                    }
                };
            }
        };
        Operator started = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false));
        EventRecorder events = new EventRecorder(client, Clock.systemUTC(), config);
        OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
        started.register(new WorkflowRunReconciler(client, new PlanStore(client), stepJobs, events,
                Clock.systemUTC(), config, metrics, new FinishedRuns(),
                new WebhookDelivery(client, events, metrics, Clock.systemUTC(), config), new ArtifactsClaims(client)),
                o -> o.settingNamespace(namespace));
        started.start();
        return started;
    }

    private void createRun(String name) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        run.setSpec(new WorkflowRunSpec());
        run.getSpec().setWorkspace("three-steps");
        run.getSpec().setWorkflow("strict");
        client.resource(run).inNamespace(namespace).create();
    }

    private WorkflowRun run(String name) {
        return testNamespace.run(name);
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
    }

    @Test
    void stoppedBetweenTheWriteAheadAndTheJobsCreation() {
        AtomicInteger attempts = new AtomicInteger();
        StepJobs dyingBeforeCreate = new StepJobs(client) {
            @Override
            public Optional<JobObservation> create(Job job, String runUid, String transaction,
                    java.util.function.Consumer<Job> created) {
                attempts.incrementAndGet();
                throw new IllegalStateException("operator process killed before it created " + job.getMetadata().getName());
            }
        };
        operator = startOperator(dyingBeforeCreate);
        createRun("crash-before-job");
        await().atMost(WAIT).until(() -> attempts.get() > 0);
        operator.stop();
        StepStatus writtenAhead = run("crash-before-job").getStatus().getSteps().get(0);
        assertThat(writtenAhead.getTransaction()).isNotNull();
        assertThat(writtenAhead.getJob()).isEqualTo("crash-before-job-0-one");
        assertThat(jobs()).isEmpty();

        operator = startOperator(new StepJobs(client));

        await().atMost(WAIT).untilAsserted(() -> assertThat(run("crash-before-job").getStatus().getPhase())
                .isEqualTo(RunPhase.Succeeded));
        WorkflowRun done = run("crash-before-job");
        assertThat(done.getStatus().getSteps().get(0).getTransaction()).isEqualTo(writtenAhead.getTransaction());
        assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder(
                "crash-before-job-0-one", "crash-before-job-1-two", "crash-before-job-2-three");
        assertThat(steps.createdJobs()).hasSize(3);
    }

    @Test
    void stoppedBetweenAJobFinishingAndTheStatusRecordingIt() {
        steps.holding("one");
        operator = startOperator(new StepJobs(client));
        createRun("crash-after-job");
        await().atMost(WAIT).untilAsserted(() -> assertThat(run("crash-after-job").getStatus().getSteps())
                .extracting(StepStatus::getPhase).element(0).isEqualTo(StepPhase.Running));
        operator.stop();
        String transaction = run("crash-after-job").getStatus().getSteps().get(0).getTransaction();

        steps.simulator().succeed(jobs().get(0));
        assertThat(run("crash-after-job").getStatus().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Running);
        operator = startOperator(new StepJobs(client));

        await().atMost(WAIT).untilAsserted(() -> assertThat(run("crash-after-job").getStatus().getPhase())
                .isEqualTo(RunPhase.Succeeded));
        WorkflowRun done = run("crash-after-job");
        assertThat(done.getStatus().getSteps().get(0).getTransaction()).isEqualTo(transaction);
        assertThat(done.getStatus().getSteps()).extracting(StepStatus::getPhase).containsOnly(StepPhase.Succeeded);
        assertThat(jobs()).hasSize(3);
        assertThat(steps.createdJobs()).hasSize(3);
        assertThat(jobs()).extracting(j -> j.getMetadata().getLabels().get(StepLabels.TRANSACTION))
                .doesNotHaveDuplicates();
    }

    @Test
    void aCancelWhoseJobDeleteFailsIsRetriedUntilTheJobIsGone() {
        steps.holding("one");
        AtomicInteger deletes = new AtomicInteger();
        StepJobs deleteFailsOnce = new StepJobs(client) {
            @Override
            public void delete(String namespace, String name) {
                if (deletes.incrementAndGet() == 1) {
                    throw new KubernetesClientException("the API server went away",
                            new java.net.ConnectException("Connection refused"));
                }
                super.delete(namespace, name);
            }
        };
        operator = startOperator(deleteFailsOnce);
        createRun("cancel-retried");
        await().atMost(WAIT).untilAsserted(() -> assertThat(run("cancel-retried").getStatus().getSteps())
                .extracting(StepStatus::getPhase).startsWith(StepPhase.Running));

        client.resources(WorkflowRun.class).inNamespace(namespace).withName("cancel-retried")
                .edit(r -> {
                    r.getSpec().setCancel(true);
                    return r;
                });

        await().atMost(WAIT).untilAsserted(() -> assertThat(jobs()).isEmpty());
        assertThat(run("cancel-retried").getStatus().getPhase()).isEqualTo(RunPhase.Cancelled);
        assertThat(deletes.get()).isGreaterThanOrEqualTo(2);
    }
}
