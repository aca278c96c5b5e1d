package io.polycrate.operator.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.WebhookSecretRef;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;
import io.polycrate.operator.config.OperatorConfig;
import io.polycrate.operator.events.EventReason;
import io.polycrate.operator.events.EventRecorder;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.metrics.OperatorMetrics;
import io.polycrate.operator.metrics.OperatorMetrics.WebhookResult;
import io.polycrate.operator.workflow.RunInput;
import io.polycrate.operator.workflow.StoredPlan;

/**
 * POSTs webhook documents, never in the reconciler's way: documents are queued (bounded; beyond it they are dropped
 * and counted) and sent by two threads of their own, each attempt bounded by a timeout, failed attempts retried
 * with backoff ({@link RetryPolicy}). A document given up is counted and said in a Warning event on its run, at most
 * one a minute per run. Held in memory only: documents not yet delivered when the operator stops are lost.
 */
@ApplicationScoped
public class WebhookDelivery {
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
    private static final String PATH = "spec.events.webhook";

    private final KubernetesClient client;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final int capacity;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private final AtomicInteger pending = new AtomicInteger();
    private final WarningThrottle warnings;
    private final WarningThrottle dropLog;

    public WebhookDelivery(KubernetesClient client, EventRecorder events, OperatorMetrics metrics, Clock clock,
            OperatorConfig config) {
        this.client = client;
        this.events = events;
        this.metrics = metrics;
        OperatorConfig.Webhook settings = config.webhook();
        this.policy = new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff());
        this.timeout = settings.timeout();
        this.capacity = settings.queueCapacity();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.executor = Executors.newScheduledThreadPool(2, daemonThreads());
        this.warnings = new WarningThrottle(clock, WARNING_INTERVAL);
        this.dropLog = new WarningThrottle(clock, WARNING_INTERVAL);
    }

    /** A document on its way: where to, about which run, and its JSON. */
    private record Delivery(EventWebhook target, WorkflowRun run, WebhookDocument document, String json) {
    }

    /** An attempt that could not be made: the Secret to send with it cannot be read. */
    private static final class SecretUnavailable extends Exception {
        SecretUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Sends the documents a status write made due ({@link WebhookDocuments}), to the webhook of the run's frozen
     * plan. Called after the write succeeded; returns at once.
     */
    public void afterStatusWrite(RunInput in, WorkflowRunStatus before, WorkflowRun written) {
        EventWebhook target = WebhookDocuments.target(in.plan(), in.workspace());
        if (target == null) {
            return;
        }
        List<WebhookDocument> documents = WebhookDocuments.between(before, written,
                in.plan() instanceof StoredPlan.Found found ? found.plan() : null);
        documents.forEach(document -> submit(target, written, document));
    }

    private void submit(EventWebhook target, WorkflowRun run, WebhookDocument document) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped(run, document);
            return;
        }
        Delivery delivery = new Delivery(target, run, document, Json.SERIALIZATION.asJson(document));
        try {
            executor.execute(() -> attempt(delivery, 1));
        } catch (RejectedExecutionException stopping) {
            pending.decrementAndGet();
        }
    }

    private void attempt(Delivery delivery, int number) {
        RetryPolicy.Attempt result;
        String failure;
        try {
            HttpResponse<Void> response = http.send(request(delivery), HttpResponse.BodyHandlers.discarding());
            result = RetryPolicy.Attempt.answered(response.statusCode());
            failure = "it answered HTTP " + response.statusCode()
                    + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "");
        } catch (SecretUnavailable e) {
            result = RetryPolicy.Attempt.noAnswer();
            failure = e.getMessage();
        } catch (HttpConnectTimeoutException e) {
            result = RetryPolicy.Attempt.noAnswer();
            failure = "could not connect within " + timeout.toMillis() + " ms";
        } catch (ConnectException e) {
            result = RetryPolicy.Attempt.noAnswer();
            failure = "could not connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (HttpTimeoutException e) {
            result = RetryPolicy.Attempt.noAnswer();
            failure = "no answer within " + timeout.toMillis() + " ms";
        } catch (IOException | IllegalArgumentException e) {
            result = RetryPolicy.Attempt.noAnswer();
            failure = "the request failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return;
        }
        if (result.delivered()) {
            pending.decrementAndGet();
            metrics.webhookDocument(WebhookResult.Delivered);
            return;
        }
        Optional<Duration> wait = policy.next(number, result);
        if (wait.isPresent()) {
            LOG.debugf("Webhook attempt %d for %s failed (%s); next in %s", number, describe(delivery), failure,
                    wait.get());
            metrics.webhookRetried();
            try {
                executor.schedule(() -> attempt(delivery, number + 1), wait.get().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException stopping) {
                pending.decrementAndGet();
                return;
            }
        }
        pending.decrementAndGet();
        metrics.webhookDocument(WebhookResult.Failed);
        String message = "Could not deliver the webhook document of " + describe(delivery) + " to "
                + withoutQuery(delivery.target().getUrl()) + " (" + PATH + ".url) after " + number
                + (number == 1 ? " attempt" : " attempts") + ": " + failure;
        LOG.warnf("Run %s/%s: %s", delivery.run().getMetadata().getNamespace(), delivery.run().getMetadata().getName(),
                message);
        warnings.admit(delivery.run().getMetadata().getUid()).ifPresent(heldBack -> events.warning(delivery.run(),
                EventReason.WebhookFailed, message + (heldBack == 0 ? "" : " (and " + heldBack
                        + " more of this run's documents since the last such event)")));
    }

    private void dropped(WorkflowRun run, WebhookDocument document) {
        metrics.webhookDocument(WebhookResult.Dropped);
        String message = "Dropped the webhook document of " + describe(document) + ": " + capacity
                + " documents are already waiting to be delivered (polycrate.webhook.queue-capacity)";
        dropLog.admit("log").ifPresent(heldBack -> LOG.warnf("Run %s/%s: %s%s", run.getMetadata().getNamespace(),
                run.getMetadata().getName(), message, heldBack == 0 ? "" : " (and " + heldBack + " more since)"));
        warnings.admit(run.getMetadata().getUid()).ifPresent(heldBack -> events.warning(run,
                EventReason.WebhookFailed, message));
    }

    private HttpRequest request(Delivery delivery) throws SecretUnavailable {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.target().getUrl()))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("User-Agent", "polycrate-operator")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.json(), StandardCharsets.UTF_8));
        WebhookSecretRef ref = delivery.target().getSecretRef();
        if (ref != null) {
            String value = secretValue(delivery.run().getMetadata().getNamespace(), ref);
            String header = delivery.target().getHeader();
            request.header(header == null ? EventWebhook.DEFAULT_HEADER : header,
                    header == null ? "Bearer " + value : value);
        }
        return request.build();
    }

    /** The Secret's value, read now (not cached: a rotated Secret takes effect at the next document). */
    private String secretValue(String namespace, WebhookSecretRef ref) throws SecretUnavailable {
        String what = "Secret \"" + ref.getName() + "\" (" + PATH + ".secretRef.name)";
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        } catch (KubernetesClientException e) {
            throw new SecretUnavailable("cannot read " + what + ": " + (e.getCode() == 403
                    ? "forbidden (the operator's ServiceAccount needs get on secrets)" : "HTTP " + e.getCode()));
        }
        if (secret == null) {
            throw new SecretUnavailable(what + " does not exist in namespace \"" + namespace + "\"");
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(ref.getKey());
        if (encoded == null) {
            throw new SecretUnavailable(what + " has no key \"" + ref.getKey() + "\" (" + PATH + ".secretRef.key)");
        }
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
            throw new SecretUnavailable(what + ": the value of key \"" + ref.getKey() + "\" is not base64");
        }
    }

    private static String describe(Delivery delivery) {
        return describe(delivery.document());
    }

    private static String describe(WebhookDocument document) {
        if (WebhookDocument.RUN.equals(document.kind())) {
            return "the run's outcome (" + document.phase() + ")";
        }
        // a run of a single action has no step name: its action names it
        String step = document.step() != null ? document.step() : document.action();
        return "step '" + step + "' (transaction " + document.transaction() + ", " + document.phase() + ")";
    }

    /** The URL without its query, which may carry a token: events are read by more people than the Workspace. */
    static String withoutQuery(String url) {
        int cut = url.indexOf('?');
        return cut < 0 ? url : url.substring(0, cut) + "?...";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "polycrate-webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @PreDestroy
    void stop() {
        List<Runnable> left = executor.shutdownNow();
        if (!left.isEmpty() || pending.get() > 0) {
            LOG.infof("Stopping with %d webhook documents not delivered", pending.get());
        }
    }
}
