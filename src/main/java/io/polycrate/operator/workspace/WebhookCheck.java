package io.polycrate.operator.workspace;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.Names;
import io.polycrate.operator.api.v1alpha1.WebhookSecretRef;

/** Checks a workspace's events.webhook: an absolute http(s) URL without credentials, a Secret key, a header name. */
final class WebhookCheck {
    /** Headers the HTTP client sets itself (or refuses to let callers set): naming one would break every POST. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "content-type",
            "expect", "host", "upgrade", "user-agent");

    private WebhookCheck() {
    }

    static void check(List<SpecProblem> problems, String path, EventWebhook webhook) {
        if (webhook == null) {
            return;
        }
        String urlProblem = urlProblem(webhook.getUrl());
        if (urlProblem != null) {
            problems.add(new SpecProblem(path + ".url", urlProblem));
        }
        WebhookSecretRef secret = webhook.getSecretRef();
        if (secret != null) {
            String name = secret.getName();
            if (name == null || name.isBlank()) {
                problems.add(new SpecProblem(path + ".secretRef.name", "is required"));
            } else if (!(name.length() <= Names.SUBDOMAIN_MAX_LENGTH && name.matches(Names.DNS1123_SUBDOMAIN))) {
                problems.add(new SpecProblem(path + ".secretRef.name", "\"" + name
                        + "\" is not a valid Kubernetes object name"));
            }
            String key = secret.getKey();
            if (key == null || key.isBlank()) {
                problems.add(new SpecProblem(path + ".secretRef.key", "is required"));
            } else if (key.length() > 253 || !key.matches(WebhookSecretRef.KEY)) {
                problems.add(new SpecProblem(path + ".secretRef.key", "\"" + key
                        + "\" is not a Secret key (letters, digits, '-', '_' and '.')"));
            }
        }
        String header = webhook.getHeader();
        if (header != null) {
            if (!header.matches(EventWebhook.HEADER_NAME)) {
                problems.add(new SpecProblem(path + ".header", "\"" + header + "\" is not an HTTP header name"));
            } else if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                problems.add(new SpecProblem(path + ".header", "\"" + header
                        + "\" is set by the operator's HTTP client; name another header (e.g. X-Api-Key)"));
            }
            if (secret == null) {
                problems.add(new SpecProblem(path + ".header", "names the header of the Secret's value, but "
                        + path + ".secretRef is not set"));
            }
        }
    }

    /** Why {@code url} cannot be a webhook's URL; null when it can. */
    static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        String quoted = "\"" + url + "\"";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return quoted + " is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return quoted + " is not an absolute http:// or https:// URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return quoted + " has no host";
        }
        if (uri.getRawUserInfo() != null) {
            // not repeated here: the message lands in status and events
            return "carries credentials (user:password@ before the host); put them in a Secret and name it in "
                    + "secretRef";
        }
        if (uri.getRawFragment() != null) {
            return quoted + " has a fragment (#...), which is never sent; remove it";
        }
        return null;
    }
}
