package io.polycrate.operator.reconciler;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Creates and deletes step Jobs. Create-only: a Job is never updated. */
@ApplicationScoped
public class StepJobs {
    private static final Logger LOG = Logger.getLogger(StepJobs.class);

    private final KubernetesClient client;

    public StepJobs(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Creates the Job. "Already exists" counts as success: an earlier attempt (perhaps of an operator that
     * stopped since) created it. Returns the API server's reason when it will never accept this Job.
     */
    public Optional<String> create(Job job) {
        try {
            client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                LOG.debugf("Job %s already exists: created by an earlier attempt", job.getMetadata().getName());
            } else if (e.getCode() == 422 || e.getCode() == 400) {
                return Optional.of(e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : e.getMessage());
            } else {
                throw e;
            }
        }
        return Optional.empty();
    }

    /** Deletes the Job and, in the background, its pods. A Job already gone is fine. */
    public void delete(String namespace, String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}
