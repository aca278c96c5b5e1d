package io.polycrate.operator.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameMappingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        "app, app",
        "org/k8s/app, org-k8s-app",
        "Deploy_DB, deploy-db",
        "my__block//x, my-block-x",
        "-lead-and-trail_, lead-and-trail",
        "registry.example.com/app, registry-example-com-app",
        "___, NONE",
        "a23456789012345678901234567890123456789012345678901234567890123, a23456789012345678901234567890123456789012345678901234567890123",
        "a234567890123456789012345678901234567890123456789012345678901234, NONE",
    })
    void polycrateNamesBecomeDns1123Labels(String name, String label) {
        assertThat(NameMapping.label(name)).isEqualTo(label);
    }
}
