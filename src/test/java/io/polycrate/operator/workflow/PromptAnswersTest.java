package io.polycrate.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptAnswersTest {
    private static PromptAnswers of(String approve, String reject, String answeredBy) {
        return PromptAnswers.of(RunFixtures.annotations(approve, reject, answeredBy));
    }

    @Test
    void theLedgerNamesWhoAnsweredEachPromptAndItsLatestEntryWins() {
        PromptAnswers answers = of("workflow,step:deploy", "step:deploy",
                "workflow=alice, step:deploy=bob,step:deploy=system:serviceaccount:flux-system:kustomize-controller");

        assertThat(answers.answerer("workflow")).contains("alice");
        assertThat(answers.answerer("step:deploy")).contains("system:serviceaccount:flux-system:kustomize-controller");
        assertThat(answers.answerer("action:other")).isEmpty();
        assertThat(answers.isRejected("step:deploy")).isTrue();
        assertThat(answers.ledger()).as("as written, without blanks: what an answer by hand extends")
                .isEqualTo("workflow=alice,step:deploy=bob,"
                        + "step:deploy=system:serviceaccount:flux-system:kustomize-controller");
        assertThat(of("workflow", null, null).ledger()).isEmpty();
    }

    @Test
    void entriesWithoutAPromptIdOrAUserNameNobody() {
        PromptAnswers answers = of("workflow", null, "alice,=bob,workflow=, ,step:x=carol=dave");

        assertThat(answers.answerer("workflow")).isEmpty();
        assertThat(answers.answerer("alice")).isEmpty();
        assertThat(answers.answerer("step:x")).contains("carol=dave");
        assertThat(of("workflow", null, null).answerer("workflow")).isEmpty();
    }
}
