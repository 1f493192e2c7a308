package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.Paramiko;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's exit status reaches the client before the server's EOF, so a client that closes the
 * channel once both sides sent EOF (PuTTY's plink) still gets it: with EOF first, plink exited 0 now and
 * then for {@code exit 3} (found by ClientMatrixTest). paramiko records, as each EOF arrives, whether the
 * status came already.
 */
class ExitStatusOrderTest {

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;

    /** Prints "status N before EOF" or "EOF before status", and then the status itself. */
    static final String RECORD_ORDER = String.join("\n",
            "table = paramiko.Transport._channel_handler_table",
            "plain_eof = table[paramiko.common.MSG_CHANNEL_EOF]",
            "def eof(chan, m):",
            "    print('status %d before EOF' % chan.exit_status if chan.exit_status_ready() else 'EOF before status')",
            "    plain_eof(chan, m)",
            "table[paramiko.common.MSG_CHANNEL_EOF] = eof",
            "");

    @BeforeAll
    static void start() {
        TestFiles.openForAccounts(tmp);
        appliance = RunningAppliance.start(tmp.resolve("data"));
        appliance.addUser("bashy", "bash").addUser("scpy", "scponly").addUser("nolo", "nologin");
    }

    @AfterAll
    static void stop() {
        appliance.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "bashy | echo out; exit 3       | 3",  // a login shell's process
            "bashy | exit 0                 | 0",
            "admin | services list          | 0",  // a console command
            "admin | services frobnicate    | 2",
            "scpy  | ls                     | 1",  // a restricted shell's refusal
            "nolo  | echo hi                | 1"})
    void theExitStatusComesBeforeEof(String user, String command, int status) {
        String password = user.equals("admin") ? RunningAppliance.ADMIN_PASSWORD : RunningAppliance.USER_PASSWORD;
        Result r = Paramiko.run(appliance.port(), user, password, RECORD_ORDER
                + "status, out, err = channel('exec', '" + command + "')\nprint('status', status)");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).contains("status " + status + " before EOF\n")
                .doesNotContain("EOF before status").endsWith("status " + status + "\n");
    }
}
