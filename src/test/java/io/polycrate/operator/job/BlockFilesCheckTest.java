package io.polycrate.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.polycrate.operator.workflow.StepFiles;

class BlockFilesCheckTest {
    private static final StepFiles FILES = StepFiles.ofConfigMap("db", "db-files", List.of(
            new StepFiles.Item("install.yml", "playbooks/install.yml", null),
            new StepFiles.Item("logo.png", "logo.png", null)));

    private static ConfigMap configMap(Map<String, String> data, Map<String, String> binaryData) {
        return new ConfigMapBuilder().withNewMetadata().withName("db-files").endMetadata().withData(data)
                .withBinaryData(binaryData).build();
    }

    @Test
    void aConfigMapWithEveryKeyMounts() {
        assertThat(BlockFilesCheck.problem(FILES, configMap(Map.of("install.yml", "- hosts: all"),
                Map.of("logo.png", "iVBORw0K")), "ns")).isEmpty();
    }

    @Test
    void aMissingConfigMapIsNamedWithTheBlockAndNamespace() {
        assertThat(BlockFilesCheck.problem(FILES, null, "team-a")).contains("the block's files cannot be mounted: "
                + "ConfigMap \"db-files\" (files.configMapRef of block \"db\") does not exist in namespace \"team-a\"");
    }

    @Test
    void missingKeysAreNamedWithTheKeysThereAre() {
        assertThat(BlockFilesCheck.problem(FILES, configMap(Map.of("install.yaml", "x"), null), "ns"))
                .contains("the block's files cannot be mounted: ConfigMap \"db-files\" (files.configMapRef of block "
                        + "\"db\") has no key \"install.yml\", \"logo.png\" (files.items); it has: install.yaml");
    }

    @Test
    void withoutItemsAnyConfigMapMountsAndImagesAreNotChecked() {
        assertThat(BlockFilesCheck.problem(StepFiles.ofConfigMap("db", "db-files", List.of()),
                configMap(null, null), "ns")).isEmpty();
        assertThat(BlockFilesCheck.problem(StepFiles.ofImage("db", "registry/db:1", null), null, "ns")).isEmpty();
        assertThat(BlockFilesCheck.problem(null, null, "ns")).isEmpty();
    }
}
