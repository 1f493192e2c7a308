package io.portcullis.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.files.ScponlyCommandFilter.Accepted;
import io.portcullis.files.ScponlyCommandFilter.Refused;
import io.portcullis.files.ScponlyCommandFilter.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scp allow-list against what OpenSSH's scp sends and against security.md's vectors. */
class ScponlyCommandFilterTest {

    static ScpRequest accepted(String command) {
        Verdict verdict = ScponlyCommandFilter.check(command);
        assertThat(verdict).as(command).isInstanceOf(Accepted.class);
        return ((Accepted) verdict).request();
    }

    static String refused(String command) {
        Verdict verdict = ScponlyCommandFilter.check(command);
        assertThat(verdict).as(command).isInstanceOf(Refused.class);
        return ((Refused) verdict).reason();
    }

    @Test
    void acceptsWhatOpenSshScpSends() {
        assertThat(accepted("scp -t up.bin")).isEqualTo(new ScpRequest(true, false, false, false, false, "up.bin"));
        assertThat(accepted("scp -v -r -p -d -t -- dir")).isEqualTo(new ScpRequest(true, true, true, true, true, "dir"));
        assertThat(accepted("scp -f -- -starts-with-dash")).isEqualTo(
                new ScpRequest(false, false, false, false, false, "-starts-with-dash"));
        assertThat(accepted("scp -r -f /abs/path").path()).isEqualTo("/abs/path");
    }

    @Test
    void quotedFileNamesAreTakenLiterally() {
        assertThat(accepted("scp -t 'a;touch pwned'").path()).isEqualTo("a;touch pwned");
        assertThat(accepted("scp -t '`id`'").path()).isEqualTo("`id`");
        assertThat(accepted("scp -t \"with space\"").path()).isEqualTo("with space");
        assertThat(accepted("scp -t it\\'s").path()).isEqualTo("it's");
        assertThat(accepted("scp -t 'it'\\''s'").path()).isEqualTo("it's");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "scp -S /tmp/evil -t x",                  // alternate transport program (CVE-2004-1161)
        "scp -o ProxyCommand=touch\\ /tmp/p -t x", // ssh option injection (CVE-2007-6415)
        "scp -oProxyCommand=x -t x",
        "scp -F /tmp/cfg -t x",
        "scp -3 -t x",
        "scp -6e -t x",                          // bundled flags (CVE-2005-4533)
        "scp -tr x",
        "scp -rt x",
        "scp -tS/tmp/evil x",
        "scp --rsh=evil -t x",                   // long and abbreviated long options
        "scp --rs=evil -t x",
        "scp -t -- x -S evil",                   // options after -- are paths: two paths
        "scp -t x y",
        "scp -t",
        "scp -t ''",
        "scp -x -t x",
        "scp -t -f x",
        "scp x",
    })
    void refusesOptionsOutsideTheAllowList(String command) {
        assertThat(refused(command)).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "scp -t a;touch pwned",                  // CVE-2020-15778: metacharacters in a file name
        "scp -t `touch pwned`",
        "scp -t $(touch pwned)",
        "scp -t \"$(touch pwned)\"",
        "scp -t \"`id`\"",
        "scp -t a|b",
        "scp -t a&&b",
        "scp -t a>b",
        "scp -t *.txt",
        "scp -t ~root/x",
        "scp -t x\ntouch pwned",
        "scp -t 'unterminated",
        "scp -t \"unterminated",
        "scp -t x\\",
    })
    void refusesShellSyntaxItWillNotInterpret(String command) {
        assertThat(refused(command)).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rsync --server -vlogDtpre.iLsfxC . /tmp", // rsync server side (CVE-2019-3463)
        "rsync -e 'touch pwned' x",
        "rsync --daemon",
        "unison -server",
        "svnserve -t",
        "sftp-server",
        "/usr/bin/scp -t x",                       // program lookup by path (CVE-2002-1469)
        "./scp -t x",
        "scp;id",
        "scpx -t x",
        "sh -c 'scp -t x'",
        " scp -t x",
        "",
    })
    void refusesEverythingThatIsNotScp(String command) {
        assertThat(refused(command)).isNotBlank();
        assertThat(ScponlyCommandFilter.isScp(command)).isFalse();
    }

    @Test
    void reasonsSayWhatWasWrong() {
        assertThat(refused("scp -S evil -t x")).contains("-S").contains("-t -f -r -p -d -v");
        assertThat(refused("scp -tr x")).contains("-tr").contains("separately");
        assertThat(refused("scp -t a;b")).contains("';'").contains("quote");
        assertThat(refused("scp -t a b")).contains("exactly one path");
    }
}
