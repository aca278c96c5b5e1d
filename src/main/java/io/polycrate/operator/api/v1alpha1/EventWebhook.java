package io.polycrate.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A URL the operator POSTs event documents to, with an optional credential from a Secret (never inline). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EventWebhook {
    /** What an HTTP header name may be (an RFC 9110 token). */
    public static final String HEADER_NAME = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$";
    /** The header that carries the Secret's value when none is named: {@code Authorization: Bearer <value>}. */
    public static final String DEFAULT_HEADER = "Authorization";

    @Required
    @Size(min = 1, max = 2048)
    @Pattern("^[hH][tT][tT][pP][sS]?://[^\\s]+$")
    @JsonPropertyDescription("Absolute http:// or https:// URL the event documents are POSTed to "
            + "(Content-Type: application/json).")
    private String url;

    @JsonPropertyDescription("A key of a Secret in the workspace's namespace whose value is sent with every POST: "
            + "as 'Authorization: Bearer <value>', or as the value of the header named in 'header'. Read when "
            + "a document is sent, so a rotated Secret takes effect at once.")
    private WebhookSecretRef secretRef;

    @Size(min = 1, max = 256)
    @Pattern(HEADER_NAME)
    @JsonPropertyDescription("Name of the header that carries the Secret's value as it is (e.g. X-Api-Key); "
            + "absent: Authorization with 'Bearer <value>'. Needs secretRef.")
    private String header;

    public EventWebhook() {
    }

    public EventWebhook(String url, WebhookSecretRef secretRef, String header) {
        this.url = url;
        this.secretRef = secretRef;
        this.header = header;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public WebhookSecretRef getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(WebhookSecretRef secretRef) {
        this.secretRef = secretRef;
    }

    public String getHeader() {
        return header;
    }

    public void setHeader(String header) {
        this.header = header;
    }
}
