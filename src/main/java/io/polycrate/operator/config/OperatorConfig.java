package io.polycrate.operator.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the operator (application.properties, or POLYCRATE_* environment variables). */
@ConfigMapping(prefix = "polycrate")
public interface OperatorConfig {
    /** Image of actions whose action, block and workspace name none. */
    @WithDefault("alpine:3.20")
    String defaultImage();

    /** How long a step's image may fail to pull before the step fails. */
    @WithDefault("PT2M")
    Duration imagePullGracePeriod();
}
