package io.polycrate.operator.workflow;

import static io.polycrate.operator.workflow.RunFixtures.T0;
import static io.polycrate.operator.workflow.RunFixtures.plan;
import static io.polycrate.operator.workflow.RunFixtures.step;
import static io.polycrate.operator.workflow.RunFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.polycrate.operator.api.v1alpha1.RunConditions;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.status.Conditions;
import io.polycrate.operator.status.Timestamps;
import io.polycrate.operator.workflow.Decision.CreateArtifactsClaim;
import io.polycrate.operator.workflow.Decision.CreateJob;
import io.polycrate.operator.workflow.RunFixtures.Driver;

/**
 * The run's artifacts volume in the decider: its claim is asked for before the first step's Job, an existing one of
 * the run counts as created, one deleted mid-run or refused fails the run, one of another owner is waited for.
 */
class ArtifactsVolumeTest {
    private static final PersistentVolumeClaimSpec CLAIM = new PersistentVolumeClaimSpecBuilder()
            .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi"))
            .endResources().build();
    private static final CreateArtifactsClaim CREATE_CLAIM = new CreateArtifactsClaim("r-artifacts");

    private static RunPlan withArtifacts(RunPlan plan) {
        return plan.withArtifacts(CLAIM);
    }

    private static List<EventReason> reasons(Decision decision) {
        return decision.events().stream().map(Decision.RunEvent::reason).toList();
    }

    private static String succeededReason(Decision decision) {
        return Conditions.find(decision.status().getConditions(), RunConditions.SUCCEEDED).orElseThrow().getReason();
    }

    @Test
    void theClaimIsAskedForBeforeTheFirstStepsJob() {
        Driver driver = new Driver(withArtifacts(plan("one", "two")));

        Decision decision = driver.decide();

        assertThat(decision.jobActions()).containsExactly(CREATE_CLAIM, new CreateJob(0, "r-0-one", "tx-1"));
    }

    @Test
    void aRunWithoutAnArtifactsVolumeAsksForNoClaim() {
        Driver driver = new Driver(plan("one", "two"));

        assertThat(driver.decide().jobActions()).containsExactly(new CreateJob(0, "r-0-one", "tx-1"));
    }

    @Test
    void aClaimOfTheRunThatExistsCountsAsCreated() {
        Driver driver = new Driver(withArtifacts(plan("one", "two")));
        driver.artifactsClaim = ArtifactsClaim.OURS;

        assertThat(driver.decide().jobActions()).containsExactly(new CreateJob(0, "r-0-one", "tx-1"));
    }

    @Test
    void aWrittenAheadFirstStepWhoseClaimIsNotSeenAsksForBothAgain() {
        // the operator stopped after writing the transaction, before the claim (or the Job) was created
        Driver driver = new Driver(withArtifacts(plan("one", "two")));
        driver.decide();

        assertThat(driver.decide().jobActions()).containsExactly(CREATE_CLAIM, new CreateJob(0, "r-0-one", "tx-1"));
    }

    @Test
    void laterStepsUseTheClaimTheFirstOneMade() {
        Driver driver = new Driver(withArtifacts(plan("one", "two")));
        driver.decide();
        driver.artifactsClaim = ArtifactsClaim.OURS;
        driver.jobs.put("r-0-one", succeeded("r-0-one"));

        assertThat(driver.decide().jobActions()).containsExactly(new CreateJob(1, "r-1-two", "tx-2"));
    }

    @Test
    void aClaimDeletedAfterAStepRanFailsTheRunWithoutTheNextStep() {
        Driver driver = new Driver(withArtifacts(plan(true, null, step(0, "one", null, null),
                step(1, "two", null, null), step(2, "three", null, null))));
        driver.decide();
        driver.jobs.put("r-0-one", succeeded("r-0-one"));

        Decision decision = driver.decide();

        assertThat(decision.jobActions()).isEmpty();
        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(succeededReason(decision)).isEqualTo("ArtifactsVolumeLost");
        assertThat(decision.status().getMessage()).isEqualTo("The artifacts PersistentVolumeClaim r-artifacts of this "
                + "run was deleted (with what the steps before wrote to it); the run cannot go on");
        assertThat(decision.status().getSteps()).extracting(s -> s.getPhase())
                .containsExactly(StepPhase.Succeeded, StepPhase.Failed, StepPhase.Skipped);
        assertThat(decision.status().getSteps().get(1).getMessage()).isEqualTo(decision.status().getMessage());
        // allowFailure does not help: no step can run without the volume
        assertThat(reasons(decision)).containsExactly(EventReason.StepStarted, EventReason.StepSucceeded,
                EventReason.StepFailed, EventReason.RunFailed);
    }

    @Test
    void theFirstStepOfARunFromAStepOrAfterARejectedOneMakesTheClaim() {
        Driver from = new Driver(withArtifacts(RunFixtures.from(1, plan("one", "two"))));
        assertThat(from.decide().jobActions()).containsExactly(CREATE_CLAIM, new CreateJob(1, "r-1-two", "tx-1"));

        Driver rejected = new Driver(withArtifacts(plan(true, null, step(0, "one", "Sure?", null),
                step(1, "two", null, null))));
        rejected.decide();
        rejected.annotate(null, "step:one");
        assertThat(rejected.decide().jobActions()).containsExactly(CREATE_CLAIM, new CreateJob(1, "r-1-two", "tx-2"));
    }

    @Test
    void aClaimOfAnotherOwnerIsWaitedForUntilTheWaitTimeoutThenFailsTheRun() {
        Driver driver = new Driver(withArtifacts(plan("one", "two")));
        driver.run.getMetadata().setCreationTimestamp(Timestamps.format(T0));
        driver.artifactsClaim = new ArtifactsClaim.Foreign("its controller: WorkflowRun r (uid old)");

        Decision waiting = driver.decide();
        Decision stillWaiting = driver.decide();

        assertThat(waiting.jobActions()).isEmpty();
        assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(waiting.status().getPhase()).isEqualTo(RunPhase.Running);
        assertThat(waiting.status().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Pending);
        assertThat(waiting.status().getMessage()).isEqualTo("Step 'one' waits: PersistentVolumeClaim r-artifacts "
                + "exists and does not belong to this run (its controller: WorkflowRun r (uid old)); it is never taken "
                + "as the run's artifacts volume. Waiting until 2026-01-30T10:05:00Z for it to be deleted");
        assertThat(reasons(waiting)).containsExactly(EventReason.RunStarted, EventReason.NameConflict);
        assertThat(reasons(stillWaiting)).isEmpty();

        driver.now = T0.plus(RunFixtures.WAIT_TIMEOUT);
        Decision failed = driver.decide();
        assertThat(failed.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(succeededReason(failed)).isEqualTo("NameConflict");
        assertThat(failed.status().getMessage()).endsWith("; delete it, or create the run under another name");
        assertThat(failed.jobActions()).isEmpty();
    }

    @Test
    void aClaimTheApiServerRefusesFailsTheRunSayingWhy() {
        Driver driver = new Driver(withArtifacts(plan("one", "two")));
        driver.artifactsClaim = new ArtifactsClaim.Refused("PersistentVolumeClaim \"r-artifacts\" is invalid: "
                + "spec.resources[storage]: Required value");

        Decision decision = driver.decide();

        assertThat(decision.jobActions()).isEmpty();
        assertThat(decision.status().getPhase()).isEqualTo(RunPhase.Failed);
        assertThat(succeededReason(decision)).isEqualTo("ArtifactsVolumeRejected");
        assertThat(decision.status().getMessage()).isEqualTo("The API server refused the run's artifacts "
                + "PersistentVolumeClaim r-artifacts (spec.artifacts.volumeClaimTemplate of Workspace 'ws'): "
                + "PersistentVolumeClaim \"r-artifacts\" is invalid: spec.resources[storage]: Required value");
        assertThat(decision.status().getSteps()).extracting(s -> s.getPhase())
                .containsExactly(StepPhase.Failed, StepPhase.Skipped);
    }
}
