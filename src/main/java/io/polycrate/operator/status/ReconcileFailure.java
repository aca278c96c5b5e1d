package io.polycrate.operator.status;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.api.v1alpha1.RunConditions.ErrorReason;

/**
 * Why a reconcile failed, said for the people who read a run's conditions and events: a typed reason and one
 * sentence, quoting what the API server answered, never a Java exception's text or a URL. Pure code.
 */
public record ReconcileFailure(ErrorReason reason, String message) {
    private static final int MAX_QUOTE = 300;

    public static ReconcileFailure of(Throwable error) {
        KubernetesClientException api = find(error, KubernetesClientException.class);
        if (api != null && api.getCode() > 0) {
            int code = api.getCode();
            String answer = api.getStatus() != null && api.getStatus().getMessage() != null
                    ? quote(api.getStatus().getMessage()) : "HTTP " + code;
            if (code == 401 || code == 403) {
                return new ReconcileFailure(ErrorReason.Forbidden, "The API server refused the operator ("
                        + code + "): " + answer + "; check its service account's RBAC");
            }
            if (code >= 500 || code == 429) {
                return new ReconcileFailure(ErrorReason.ApiServerError, "The API server failed to answer ("
                        + code + "): " + answer);
            }
            return new ReconcileFailure(ErrorReason.ApiServerRejected, "The API server refused a request ("
                    + code + "): " + answer);
        }
        if (find(error, InterruptedIOException.class) != null) {
            return new ReconcileFailure(ErrorReason.ApiServerError, "The API server did not answer in time");
        }
        if (api != null || find(error, IOException.class) != null) {
            return new ReconcileFailure(ErrorReason.ApiServerUnreachable, "The API server cannot be reached");
        }
        return new ReconcileFailure(ErrorReason.InternalError,
                "An internal error of the operator stopped this run's progress; the operator's log has the details");
    }

    private static String quote(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() <= MAX_QUOTE ? line : line.substring(0, MAX_QUOTE) + "...";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return reason.name().toLowerCase(Locale.ROOT) + ": " + message;
    }
}
