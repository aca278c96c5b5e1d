package io.polycrate.operator.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A registry block's reference as the image Polycrate pulls (mapDockerTag: default registry, latest). */
class RegistryBlockTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ayedo/k8s/traefik:0.3.1, cargo.ayedo.cloud/ayedo/k8s/traefik:0.3.1",
        "ayedo/k8s/traefik, cargo.ayedo.cloud/ayedo/k8s/traefik:latest",
        "registry.example.com/blocks/app, registry.example.com/blocks/app:latest",
        "registry.example.com/blocks/app:2.0, registry.example.com/blocks/app:2.0",
        "localhost:5000/app:1.0, localhost:5000/app:1.0",
        "localhost:5000/app, localhost:5000/app:latest",
        "base:1.0, cargo.ayedo.cloud/base:1.0",
    })
    void theImageOfARegistryBlock(String reference, String image) {
        assertThat(WorkspaceImport.registryImage(reference)).isEqualTo(image);
    }
}
