package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

/** The validation table in validation/cases.yaml: each workspace and every problem it must report, in order. */
class WorkspaceValidatorTest {
    record Case(String name, WorkspaceSpec spec, List<String> problems) {
    }

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = WorkspaceValidatorTest.class.getResourceAsStream("/validation/cases.yaml")) {
            List<Case> cases = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<>() {
            });
            return cases.stream().map(c -> Arguments.of(Named.of(c.name(), c)));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsEveryProblemWithItsPath(Case testCase) {
        List<String> problems = WorkspaceValidator.validate(testCase.spec()).stream()
                .map(SpecProblem::toString).toList();

        assertThat(problems).containsExactlyElementsOf(testCase.problems());
    }
}
