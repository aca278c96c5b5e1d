package io.polycrate.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.webhook.RetryPolicy.Attempt;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff(60)).as("no overflow however many attempts").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void failuresAnotherAttemptMayCureAreRetriedUntilTheLastAttempt() {
        for (Attempt curable : new Attempt[] {Attempt.noAnswer(), Attempt.answered(500), Attempt.answered(503),
                Attempt.answered(408), Attempt.answered(429)}) {
            assertThat(policy.next(1, curable)).as("after %s", curable).contains(Duration.ofSeconds(1));
            assertThat(policy.next(4, curable)).contains(Duration.ofSeconds(5));
            assertThat(policy.next(5, curable)).as("the fifth attempt was the last").isEmpty();
        }
    }

    @Test
    void aDeliveryOrAFinalAnswerEndsIt() {
        assertThat(policy.next(1, Attempt.answered(200))).isEmpty();
        assertThat(policy.next(1, Attempt.answered(204))).isEmpty();
        assertThat(Attempt.answered(204).delivered()).isTrue();
        for (int status : new int[] {400, 401, 403, 404, 301, 302}) {
            Attempt answer = Attempt.answered(status);
            assertThat(answer.delivered()).isFalse();
            assertThat(policy.next(1, answer)).as("HTTP %d", status).isEqualTo(Optional.empty());
        }
    }

    @Test
    void atLeastOneAttempt() {
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).next(1, Attempt.noAnswer()))
                .isEmpty();
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("at least 1");
    }
}
