package io.polycrate.operator.events;

/** The type of a Kubernetes Event: Warning for what a person should look at, Normal for the rest. */
public enum EventType {
    Normal,
    Warning
}
