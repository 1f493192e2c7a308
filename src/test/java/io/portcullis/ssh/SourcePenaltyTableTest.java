package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.settings.sshdconfig.PenaltyRules;
import io.portcullis.ssh.SourcePenalties.Offence;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The penalty arithmetic of OpenSSH's PerSourcePenalties, on a clock the test moves. */
class SourcePenaltyTableTest {

    private Instant now = Instant.parse("2026-11-24T10:00:00Z");
    private final SourcePenalties table = new SourcePenalties(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });
    private final InetAddress a = address("192.0.2.1");
    private final InetAddress b = address("192.0.2.2");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void penaltiesAccrueUntilTheMinimumThenRefuseUntilTheyRunOut() {
        PenaltyRules rules = PenaltyRules.DEFAULT; // authfail 5 s, min 15 s
        assertThat(table.penalise(a, Offence.AUTH_FAIL, rules)).isFalse();
        assertThat(table.penalise(a, Offence.AUTH_FAIL, rules)).isFalse();
        assertThat(table.refusal(a)).as("10 s accrued, below min").isEmpty();
        assertThat(table.penalise(a, Offence.AUTH_FAIL, rules)).as("15 s reaches min").isTrue();
        assertThat(table.refusal(a)).contains(Duration.ofSeconds(15));
        assertThat(table.refusal(b)).as("other sources untouched").isEmpty();
        now = now.plusSeconds(14);
        assertThat(table.refusal(a)).contains(Duration.ofSeconds(1));
        now = now.plusSeconds(1);
        assertThat(table.refusal(a)).isEmpty();
    }

    @Test
    void accruedPenaltyDecaysWithTime() {
        table.penalise(a, Offence.AUTH_FAIL, PenaltyRules.DEFAULT);
        table.penalise(a, Offence.AUTH_FAIL, PenaltyRules.DEFAULT);
        now = now.plusSeconds(11); // both ran out
        assertThat(table.penalise(a, Offence.AUTH_FAIL, PenaltyRules.DEFAULT)).isFalse();
        assertThat(table.refusal(a)).isEmpty();
    }

    @Test
    void anEnforcedPenaltyGrowsButNeverBeyondMax() {
        for (int i = 0; i < 1000; i++) {
            table.penalise(a, Offence.GRACE_EXCEEDED, PenaltyRules.DEFAULT);
        }
        assertThat(table.refusal(a)).contains(Duration.ofMinutes(10));
    }

    @Test
    void eachOffenceHasItsOwnPenaltyAndOffIsOff() {
        for (int i = 0; i < 14; i++) {
            table.penalise(a, Offence.NO_AUTH, PenaltyRules.DEFAULT);
        }
        assertThat(table.refusal(a)).as("14 x 1 s").isEmpty();
        table.penalise(a, Offence.NO_AUTH, PenaltyRules.DEFAULT);
        assertThat(table.refusal(a)).isPresent();
        for (int i = 0; i < 10; i++) {
            table.penalise(b, Offence.INVALID_USER, PenaltyRules.OFF);
        }
        assertThat(table.refusal(b)).isEmpty();
    }

    @Test
    void aFullTableLetsNewSourcesThroughInsteadOfLockingEveryoneOut() {
        PenaltyRules two = new PenaltyRules(true, Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(1),
                Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMinutes(10), 2);
        table.penalise(a, Offence.AUTH_FAIL, two);
        table.penalise(b, Offence.AUTH_FAIL, two);
        InetAddress c = address("192.0.2.3");
        assertThat(table.penalise(c, Offence.AUTH_FAIL, two)).isFalse();
        assertThat(table.refusal(c)).isEmpty();
        assertThat(table.tracked()).isEqualTo(2);
        now = now.plusSeconds(21); // a and b expired: room again
        assertThat(table.penalise(c, Offence.AUTH_FAIL, two)).isTrue();
    }

    @Test
    void wrongPasswordsOnOneConnectionWaitLongerEachTime() {
        assertThat(PenaltyGate.failureDelay(1)).isZero();
        assertThat(PenaltyGate.failureDelay(2)).hasSeconds(1);
        assertThat(PenaltyGate.failureDelay(3)).hasSeconds(2);
        assertThat(PenaltyGate.failureDelay(50)).isEqualTo(PenaltyGate.MAX_FAILURE_DELAY);
    }
}
