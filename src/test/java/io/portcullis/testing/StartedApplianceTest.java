package io.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.accounts.Accounts;
import io.portcullis.conf.ApplianceConf;
import io.portcullis.testing.OpenSsh.Result;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture every end-to-end test stands on: a static field's appliance serves the class from its
 * {@code @TempDir} with the conf and accounts it asks for, an instance field's is a new one for each test,
 * stopped and removed after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartedApplianceTest {

    @TempDir
    static Path tmp;
    @StartedAppliance(conf = "accounts.id-range = 61160-61169", users = {"bashy:bash", "scpy:scponly"})
    static RunningAppliance shared;
    @StartedAppliance(exemptLoopback = false)
    RunningAppliance perTest;

    static RunningAppliance sharedInBeforeAll;
    static final List<RunningAppliance> perTestOnes = new ArrayList<>();

    @BeforeAll
    static void seenFromBeforeAll() {
        sharedInBeforeAll = shared;
    }

    @Test
    @Order(1)
    void aStaticFieldsApplianceServesTheClassFromItsTempDirWithItsConfAndAccounts() throws Exception {
        assertThat(sharedInBeforeAll).as("started before @BeforeAll").isSameAs(shared);
        assertThat(shared.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(Files.readString(shared.dataDir().resolve(ApplianceConf.FILE_NAME))).isEqualTo(
                "ssh.penalty-exempt-list = 127.0.0.1\naccounts.id-range = 61160-61169\n" + RunningAppliance.PRIVATE_USERDB);
        assertThat(shared.bean(Accounts.class).require("bashy").uid()).isBetween(61160, 61169);
        Result in = shared.user("bashy").exec("echo in");
        assertThat(in.stdout()).as(in.toString()).isEqualTo("in\n");
        assertThat(shared.bean(Accounts.class).require("scpy").shell()).isEqualTo("scponly");
        perTestOnes.add(perTest);
    }

    @Test
    @Order(2)
    void anInstanceFieldsApplianceIsANewOneForEachTestOutsideTheClassTempDir() throws Exception {
        assertThat(perTest).isNotSameAs(perTestOnes.get(0));
        assertThat(perTest.port()).isNotEqualTo(perTestOnes.get(0).port()).isNotEqualTo(shared.port());
        assertThat(perTest.dataDir().startsWith(tmp)).as(perTest.dataDir().toString()).isFalse();
        assertThat(Files.readString(perTest.dataDir().resolve(ApplianceConf.FILE_NAME)))
                .as("exemptLoopback = false").isEqualTo(RunningAppliance.PRIVATE_USERDB);
        perTestOnes.add(perTest);
    }

    @Test
    @Order(3)
    void theEarlierTestsAppliancesAreStoppedAndTheirDirectoriesGone() {
        for (RunningAppliance earlier : perTestOnes) {
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), earlier.port()).close())
                    .as("port %d of a stopped appliance", earlier.port()).isInstanceOf(ConnectException.class);
            assertThat(earlier.dataDir().getParent()).doesNotExist();
        }
        assertThat(shared.admin().exec("services list").exitCode()).as("the class's still serves").isZero();
    }
}
