package io.portcullis.shells;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserChanges;
import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.testing.OpenSsh;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.TestFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bash and sh accounts through the real OpenSSH client: PTY, exec, environment, identity, exit status. */
class LoginShellTest {

    @TempDir
    static Path tmp;
    static RunningAppliance appliance;
    static Accounts accounts;
    static final Actor TEST = new Actor("test", "local");
    static final String PASSWORD = "s3cret-password";

    @BeforeAll
    static void start() {
        TestFiles.openForAccounts(tmp);
        appliance = RunningAppliance.start(tmp.resolve("data"));
        accounts = appliance.bean(Accounts.class);
        accounts.add(TEST, "bashy", UserChanges.NONE.withPassword(PASSWORD).withShell("bash"));
        accounts.add(TEST, "dashy", UserChanges.NONE.withPassword(PASSWORD).withShell("sh"));
    }

    @AfterAll
    static void stop() {
        appliance.close();
    }

    static OpenSsh bashy() {
        return appliance.ssh("bashy").password(PASSWORD);
    }

    @Test
    void execKeepsStdoutStderrAndExitStatusApart() {
        Result r = bashy().exec("echo to-out; echo to-err >&2; exit 7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stdout()).isEqualTo("to-out\n");
        assertThat(r.stderr()).isEqualTo("to-err\n");
    }

    @Test
    void interactiveShellRunsOnAPty() {
        Result r = bashy().stdin("tty; echo cols=$(tput cols 2>/dev/null || stty size); exit 3\n")
                .ssh(List.of("-tt"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).contains("/dev/pts/");
    }

    @Test
    void shellRunsAsTheAccountInItsHomeWithACleanEnvironment() {
        int uid = accounts.require("bashy").uid();
        Result r = bashy().exec("id -u; id -g; pwd; env | sort");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Integer.toString(uid));
        assertThat(lines.get(2)).isEqualTo(accounts.homeOf(accounts.require("bashy")).toString());
        System.out.println(r);
    }
}
