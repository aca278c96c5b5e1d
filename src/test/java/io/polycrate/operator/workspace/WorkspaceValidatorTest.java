package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Condition;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.api.v1alpha1.WorkspaceStatus;
import io.polycrate.operator.status.WorkspaceStatusFactory;

/**
 * The validation table in validation/cases.yaml: each workspace, every problem it must report (in order),
 * and the Ready condition that follows.
 */
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

    @ParameterizedTest
    @MethodSource("cases")
    void theWorkspaceIsReadyExactlyWhenThereIsNoProblemAndTheConditionListsEveryOne(Case testCase) {
        Workspace workspace = new Workspace();
        workspace.getMetadata().setGeneration(4L);
        workspace.setSpec(testCase.spec());

        WorkspaceStatus status = WorkspaceStatusFactory.desired(workspace,
                WorkspaceValidator.validate(testCase.spec()), Instant.parse("2026-01-30T10:00:00Z"));

        Condition ready = status.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getObservedGeneration()).isEqualTo(4L);
        assertThat(status.getObservedGeneration()).isEqualTo(4L);
        if (testCase.problems().isEmpty()) {
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo("Valid");
        } else {
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidSpec");
            assertThat(ready.getMessage()).startsWith(testCase.problems().size()
                    + (testCase.problems().size() == 1 ? " problem: " : " problems: "));
            testCase.problems().forEach(problem -> assertThat(ready.getMessage()).contains(problem));
        }
    }
}
