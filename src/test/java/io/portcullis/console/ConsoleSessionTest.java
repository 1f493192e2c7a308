package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.accounts.AccountException;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.services.ServiceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A command's failure becomes its exit status and one line on stderr, from the one refusal type. */
class ConsoleSessionTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(ConsoleCommand.Action action) {
        ConsoleCommand command = ConsoleCommand.changing("things fail", "fail").does(action);
        CommandCatalog catalog = new CommandCatalog(List.of(() -> List.of(command)));
        ConsoleSession session = new ConsoleSession(catalog, new ConsoleLineParser(catalog),
                ConsoleIdentity.fullAdministrator(new Actor("test", "local")), identity -> Role.ADMINISTRATOR, null,
                new ObjectMapper(), new PrintWriter(out), new PrintWriter(err), null, false, java.util.Optional.empty());
        return session.execute("things fail");
    }

    @Test
    void aCapabilitysRefusalExitsOneWithItsOwnMessage() {
        assertThat(run(in -> {
            throw new AccountException("no user named 'x'; 'accounts users list' shows them");
        })).isEqualTo(1);
        assertThat(err).hasToString("things fail: no user named 'x'; 'accounts users list' shows them\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aServiceThatCannotStartExitsOne() {
        assertThat(run(in -> {
            throw new ServiceException("port 22 is in use", new java.net.BindException("in use"));
        })).isEqualTo(1);
        assertThat(err).hasToString("things fail: port 22 is in use\n");
    }

    @Test
    void aUsageErrorFoundWhileRunningExitsTwo() {
        assertThat(run(in -> {
            throw new UsageException("give --delete-home or --keep-home, not both");
        })).isEqualTo(2);
        assertThat(err).hasToString("things fail: give --delete-home or --keep-home, not both\n");
    }

    @Test
    void anythingElseIsABugThatSaysSo() {
        assertThat(run(in -> {
            throw new IllegalStateException("boom");
        })).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("things fail: failed unexpectedly (java.lang.IllegalStateException: boom)");
    }
}
