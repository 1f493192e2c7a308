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

    /** Flags bundled as getopt allows them, each letter from the allow-list: what libssh2 (curl) sends. */
    @Test
    void acceptsBundledFlagsFromTheAllowList() {
        assertThat(accepted("scp -pf '/file'")).isEqualTo(new ScpRequest(false, false, true, false, false, "/file"));
        assertThat(accepted("scp -prt dir")).isEqualTo(new ScpRequest(true, true, true, false, false, "dir"));
        assertThat(accepted("scp -dt dir")).isEqualTo(new ScpRequest(true, false, false, true, false, "dir"));
        assertThat(accepted("scp -vrpf x")).isEqualTo(new ScpRequest(false, true, true, false, true, "x"));
        assertThat(accepted("scp -tr x")).isEqualTo(new ScpRequest(true, true, false, false, false, "x"));
        assertThat(accepted("scp -p -rt -- -dash")).isEqualTo(new ScpRequest(true, true, true, false, false, "-dash"));
    }

    /** As a shell leaves the path: ~ and ~/x are the home (where scp starts), quoted ~ is a name. */
    @Test
    void tildeMeansTheHome() {
        assertThat(accepted("scp -t ~").path()).isEqualTo(".");
        assertThat(accepted("scp -t ~/").path()).isEqualTo(".");
        assertThat(accepted("scp -f ~/docs/a.txt").path()).isEqualTo("docs/a.txt");
        assertThat(accepted("scp -f ~//etc/passwd").path()).isEqualTo("etc/passwd");
        assertThat(accepted("scp -t '~'").path()).isEqualTo("~");
        assertThat(accepted("scp -t a~b").path()).isEqualTo("a~b");
        assertThat(accepted("scp -f \\~/x").path()).isEqualTo("~/x");
        assertThat(refused("scp -f ~root/x")).contains("'~root/x'").contains("~/path");
        assertThat(refused("scp -f ~other")).contains("own home");
    }

    /** Unquoted wildcards are a pattern (downloads only); quoted ones are part of the name. */
    @Test
    void wildcardsInADownloadAreAPattern() {
        assertThat(accepted("scp -f *.log").glob()).contains(new ScpGlob("*.log"));
        assertThat(accepted("scp -f logs/app-?.[lL]og").glob()).contains(new ScpGlob("logs/app-?.[lL]og"));
        assertThat(accepted("scp -f 'a*b'").glob()).isEmpty();
        assertThat(accepted("scp -f 'a*b'").path()).isEqualTo("a*b");
        assertThat(accepted("scp -f \\*x").glob()).isEmpty();
        assertThat(accepted("scp -f 'my '*.log").glob()).contains(new ScpGlob("my *.log"));
        assertThat(accepted("scp -f '[x]'*").glob()).contains(new ScpGlob("\\[x\\]*"));
        assertThat(accepted("scp -f [!a]*").glob()).contains(new ScpGlob("[!a]*"));
        assertThat(accepted("scp -f ~/*.log").glob()).contains(new ScpGlob("*.log"));
        assertThat(accepted("scp -f a]b").glob()).isEmpty();
        assertThat(refused("scp -t *.log")).contains("only in a download");
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
        "scp -6e -t x",                          // bundled flags (CVE-2005-4533): any letter off the list
        "scp -pS /tmp/evil -t x",
        "scp -po ProxyCommand=x -t x",
        "scp -tS/tmp/evil x",
        "scp -pf3 x",
        "scp -t- x",
        "scp -tf x",
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
        "scp -t *.txt",                           // wildcards only in a download
        "scp -t ~root/x",
        "scp -f ~root/x",
        "scp -f {a,b}",
        "scp -f #x",
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
        assertThat(refused("scp -pS evil -t x")).contains("'-pS'").contains("'S'").contains("-t -f -r -p -d -v");
        assertThat(refused("scp -t a;b")).contains("';'").contains("quote");
        assertThat(refused("scp -t a b")).contains("2 paths where scp takes one").contains("quoted");
        assertThat(refused("scp -f my file.txt")).contains("quoted");
    }
}
