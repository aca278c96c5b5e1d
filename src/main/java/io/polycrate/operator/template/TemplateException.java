package io.polycrate.operator.template;

/** A template that cannot be rendered here: invalid Go template syntax, or what this subset does not support. */
public final class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
