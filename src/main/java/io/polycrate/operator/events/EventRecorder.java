package io.polycrate.operator.events;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.config.OperatorConfig;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.status.Timestamps;

/** Writes core/v1 Events about our objects. An event that cannot be written is logged, never fatal. */
@ApplicationScoped
public class EventRecorder {
    public static final String COMPONENT = "polycrate-operator";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;

    public EventRecorder(KubernetesClient client, Clock clock, OperatorConfig config) {
        this.client = client;
        this.clock = clock;
        this.instance = config.instance();
    }

    public void normal(HasMetadata object, EventReason reason, String message) {
        record(object, EventType.Normal, reason, message);
    }

    public void warning(HasMetadata object, EventReason reason, String message) {
        record(object, EventType.Warning, reason, message);
    }

    public void record(HasMetadata object, EventType type, EventReason reason, String message) {
        String now = Timestamps.format(clock.instant());
        String name = KubernetesNames.eventName(object.getMetadata().getName(),
                UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        var event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(object.getMetadata().getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(object.getApiVersion())
                        .withKind(object.getKind())
                        .withName(object.getMetadata().getName())
                        .withNamespace(object.getMetadata().getNamespace())
                        .withUid(object.getMetadata().getUid())
                        .withResourceVersion(object.getMetadata().getResourceVersion())
                        .build())
                .withType(type.name())
                .withReason(reason.name())
                .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message)
                .withNewSource().withComponent(COMPONENT).withHost(instance).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(object.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not record event %s on %s/%s: %s", reason, object.getKind(),
                    object.getMetadata().getName(), e.getMessage());
        }
    }
}
