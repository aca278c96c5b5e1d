package io.polycrate.operator.api.v1alpha1;

/**
 * The CRD schema of a free-form object (an object whose fields the API server keeps as given). Only the schema
 * uses it; the Java model is a map.
 */
public final class FreeFormObject {
    private FreeFormObject() {
    }
}
