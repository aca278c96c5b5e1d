package io.polycrate.operator.template;

import java.util.Map;

/**
 * A Go struct as a template sees it: its exported fields by Go name ({@code Name}, {@code Config}). {@code type} is
 * the Go type for messages ({@code *cmd.Block}); {@code unavailable} names fields the Go struct has but this
 * operator has no value for, each with why: using one is a problem, never a silent empty value.
 */
public record GoStruct(String type, Map<String, Object> fields, Map<String, String> unavailable) {
}
