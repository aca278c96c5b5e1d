package io.polycrate.operator.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * How the process starts and stops, so that Kubernetes can manage it: it exits non-zero at once when the API
 * server cannot be reached at start (the kubelet then restarts it with back-off), and a SIGTERM ends it within
 * seconds in every state, during start-up too.
 * <p>
 * Start-up runs in Quarkus' StartupEvent observers: this class's {@link #beforeTheOperatorStarts} comes before
 * QOSDK's (which starts the operator and waits for its informers), {@link #afterTheOperatorStarted} after it.
 */
@ApplicationScoped
public class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);
    /** QOSDK's AppEventListener starts the operator at priority LIBRARY_AFTER + 123. */
    private static final int BEFORE_QOSDK_STARTS = Interceptor.Priority.LIBRARY_AFTER;
    private static final int AFTER_QOSDK_STARTED = Interceptor.Priority.PLATFORM_AFTER;

    private final KubernetesClient client;
    private volatile boolean starting;
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private Thread startUpAborter;
    private volatile boolean stopping;

    public Lifecycle(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Whether the application stops (a SIGTERM, a failed start, or an exit on lost leadership): what stops then,
     * e.g. the leader election, is part of the shutdown and must not start another one.
     */
    public boolean stopping() {
        return stopping;
    }

    void beforeTheOperatorStarts(@Observes @Priority(BEFORE_QOSDK_STARTS) StartupEvent event) {
        starting = true;
        // Quarkus' own shutdown hook waits for the start-up to end before it stops anything, and the start-up
        // waits for the informers (up to quarkus.operator-sdk.cache-sync-timeout, the client's retries
        // included): on SIGTERM meanwhile this hook closes the client, which ends the start-up at once.
        startUpAborter = new Thread(this::abortStartUp, "polycrate-abort-start-up");
        Runtime.getRuntime().addShutdownHook(startUpAborter);
        requireApiServer();
    }

    void afterTheOperatorStarted(@Observes @Priority(AFTER_QOSDK_STARTED) StartupEvent event) {
        starting = false;
        try {
            Runtime.getRuntime().removeShutdownHook(startUpAborter);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already and finds nothing to abort
        }
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
    }

    private void abortStartUp() {
        // after a failed start-up the JVM exits with the hook still registered, the container already shut down
        ArcContainer container = Arc.container();
        if (starting && container != null && container.isRunning()) {
            LOG.info("Stopped during start-up: closing the Kubernetes client ends the start-up");
            stopping = true;
            stopRequested.complete(null);
            client.close();
        }
    }

    /**
     * One request (GET /version) without the client's retries: the informers' first lists retry a refused
     * connection with back-off for about 20 s before the operator gives up, and a kubelet restarting the pod
     * with back-off does that job better.
     */
    private void requireApiServer() {
        String server = client.getConfiguration().getMasterUrl();
        CompletableFuture<VersionInfo> version = CompletableFuture.supplyAsync(() -> client
                .adapt(NamespacedKubernetesClient.class)
                .withRequestConfig(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                        .withRequestRetryBackoffLimit(0).build())
                .call(KubernetesClient::getKubernetesVersion));
        // closing the client does not end a connection attempt: wait for the answer or for a SIGTERM
        CompletableFuture.anyOf(version, stopRequested).exceptionally(e -> null).join();
        if (stopRequested.isDone()) {
            throw new IllegalStateException("polycrate-operator stopped during start-up");
        }
        try {
            version.join();
        } catch (CompletionException e) {
            starting = false;
            String problem = e.getCause() instanceof KubernetesClientException k && k.getCode() > 0
                    ? "the Kubernetes API server at " + server + " answered " + k.getCode()
                            + (k.getStatus() != null && k.getStatus().getMessage() != null
                                    ? " (" + k.getStatus().getMessage() + ")"
                                    : "")
                    : "the Kubernetes API server at " + server + " cannot be reached (" + rootMessage(e) + ")";
            // Quarkus logs "Failed to start application" with this message and exits with code 1
            throw new IllegalStateException("polycrate-operator cannot start: " + problem
                    + "; it exits so that Kubernetes restarts it with back-off");
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
