package io.polycrate.operator.reconciler;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.job.BlockFilesCheck;
import io.polycrate.operator.job.JobOutcomeReader;
import io.polycrate.operator.workflow.JobObservation;
import io.polycrate.operator.workflow.StepFiles;

/** Creates and deletes step Jobs. Create-only: a Job is never updated. */
@ApplicationScoped
public class StepJobs {
    private static final Logger LOG = Logger.getLogger(StepJobs.class);

    private final KubernetesClient client;

    public StepJobs(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Creates the Job of the step with this transaction, for the run with this UID. Returns what the state
     * machine must see at once: nothing when the Job was created or already exists as the step's (an earlier
     * attempt made it); the Job found under its name when that is not the step's; a rejected observation when the
     * API server will never accept this Job. {@code created} receives the Job as the API server made it (to put
     * into the informer's cache at once, so that no reconcile before the watch event creates it again).
     */
    public Optional<JobObservation> create(Job job, String runUid, String transaction, Consumer<Job> created) {
        String name = job.getMetadata().getName();
        try {
            created.accept(client.resource(job).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                Job existing = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(name)
                        .get();
                LOG.debugf("Job %s already exists", name);
                // the step's own Job (an earlier attempt made it) reaches the run through the informer, with its pods;
                // one that is not the step's must be told now: no event may ever come for it
                return Optional.ofNullable(existing).map(found -> JobOutcomeReader.read(found, List.of(), runUid))
                        .filter(found -> !found.belongsTo(transaction));
            }
            if (e.getCode() == 422 || e.getCode() == 400) {
                return Optional.of(JobObservation.rejected(name, transaction,
                        e.getStatus() != null && e.getStatus().getMessage() != null
                                ? e.getStatus().getMessage() : "HTTP " + e.getCode()));
            }
            throw e;
        }
        return Optional.empty();
    }

    /**
     * Why the step's block files cannot be mounted (its ConfigMap or one of its keys is missing), as the API server
     * has the ConfigMap now; empty when they can, or come from an image.
     */
    public Optional<String> unmountableFiles(String namespace, StepFiles files) {
        if (files == null || files.configMap() == null) {
            return Optional.empty();
        }
        ConfigMap found = client.configMaps().inNamespace(namespace).withName(files.configMap()).get();
        return BlockFilesCheck.problem(files, found, namespace);
    }

    /** The Job as the API server has it now (not a cache). */
    public Optional<Job> get(String namespace, String name) {
        return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    }

    /** Deletes the Job and, in the background, its pods. A Job already gone is fine. */
    public void delete(String namespace, String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}
