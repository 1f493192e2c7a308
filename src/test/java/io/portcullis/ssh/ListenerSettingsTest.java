package io.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.settings.SshSetting;
import io.portcullis.testing.OpenSsh.Result;
import io.portcullis.testing.RunningAppliance;
import io.portcullis.testing.StartedAppliance;
import io.portcullis.testing.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TCP Port and Bind Interfaces through the admin console over real ssh: where the service listens, what
 * a bad interface or a busy port gives, and what {@code ssh show --json} says is pending.
 */
class ListenerSettingsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    @StartedAppliance
    static RunningAppliance appliance;

    @AfterEach
    void backToDefaults() {
        Settings.backToDefaultsAndRestart(appliance);
    }

    static Result admin(String command) {
        return appliance.admin().exec(command);
    }

    static Result ok(String command) {
        return appliance.adminSucceeds(command);
    }

    static JsonNode listeners() throws Exception {
        return JSON.readTree(ok("services list --json").stdout()).get(0).get("listeners");
    }

    @Test
    void bindInterfacesChoicesListsTheMachinesInterfaces() throws Exception {
        assertThat(ok("ssh bind-interfaces choices").stdout()).containsPattern("(?m)^lo +yes +.*127\\.0\\.0\\.1");
        JsonNode choices = JSON.readTree(ok("ssh bind-interfaces choices --json").stdout());
        assertThat(choices.findValuesAsText("name")).contains("lo");
    }

    @Test
    void bindingToLoListensOnlyOnItsAddressesAndStillAcceptsLogins() throws Exception {
        assertThat(listeners().get(0).asText()).isEqualTo("0.0.0.0:" + appliance.port());
        ok("ssh set --bind-interfaces lo");
        ok("services restart ssh");
        JsonNode listeners = listeners();
        assertThat(listeners).isNotEmpty();
        boolean has127 = false;
        for (JsonNode listener : listeners) {
            String text = listener.asText();
            String host = text.substring(0, text.lastIndexOf(':')).replace("[", "").replace("]", "");
            assertThat(InetAddress.getByName(host).isLoopbackAddress()).as(text).isTrue();
            assertThat(text).endsWith(":" + appliance.port());
            has127 |= host.equals("127.0.0.1");
        }
        assertThat(has127).as("127.0.0.1 is always included: %s", listeners).isTrue();
        // logins over 127.0.0.1 still work, and nothing listens on the wildcard address
        assertThat(ok("services list").stdout()).doesNotContain("0.0.0.0:");
    }

    @Test
    void anUnknownInterfaceIsRefusedByNameAndNothingIsSaved() throws Exception {
        String before = ok("ssh show --json").stdout();
        Result r = admin("ssh set --bind-interfaces lo,nosuch0 --compression true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("bind-interfaces: no interface named 'nosuch0'")
                .contains("ssh bind-interfaces choices");
        assertThat(ok("ssh show --json").stdout()).isEqualTo(before);
    }

    @Test
    void aBusyPortFailsTheRestartClearlyAndThePreviousListenerStaysUp() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("0.0.0.0", 0));
            int busy = squatter.getLocalPort();
            ok("ssh set --tcp-port " + busy);
            Result restart = admin("services restart ssh");
            assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(1);
            assertThat(restart.stderr()).contains("cannot listen on port " + busy)
                    .contains("ssh set --tcp-port N").doesNotContain("Exception").doesNotContain("\tat ");
            // the old port still takes new logins
            assertThat(listeners().get(0).asText()).isEqualTo("0.0.0.0:" + appliance.port());
            JsonNode port = JSON.readTree(ok("ssh show --json").stdout()).get("fields").get(0);
            assertThat(port.get("saved").asInt()).isEqualTo(busy);
            assertThat(port.get("effective").asInt()).isEqualTo(appliance.port());
            assertThat(port.get("restartPending").asBoolean()).isTrue();
        }
    }

    @Test
    void showJsonGivesSavedAndEffectiveValuesAndWhatAwaitsARestart() throws Exception {
        JsonNode clean = JSON.readTree(ok("ssh show --json").stdout());
        assertThat(clean.get("restartPending").asBoolean()).isFalse();
        assertThat(clean.get("fields")).as("one field per setting").hasSize(SshSetting.ALL.size());
        for (JsonNode field : clean.get("fields")) {
            assertThat(field.has("saved") && field.has("effective") && field.has("restartPending")
                    && field.has("default")).as(field.toString()).isTrue();
            assertThat(field.get("effective")).as(field.toString()).isEqualTo(field.get("saved"));
        }
        ok("ssh set --compression true --tcp-forwarding true");
        JsonNode pending = JSON.readTree(ok("ssh show --json").stdout());
        assertThat(pending.get("restartPending").asBoolean()).isTrue();
        JsonNode compression = field(pending, "compression");
        assertThat(compression.get("saved").asBoolean()).isTrue();
        assertThat(compression.get("effective").asBoolean()).isFalse();
        assertThat(compression.get("restartPending").asBoolean()).isTrue();
        // who may forward applies at the next login: no restart pending for it
        JsonNode forwarding = field(pending, "tcp-forwarding");
        assertThat(forwarding.get("effective").asBoolean()).isTrue();
        assertThat(forwarding.get("restartPending").asBoolean()).isFalse();

        ok("services restart ssh");
        JsonNode after = JSON.readTree(ok("ssh show --json").stdout());
        assertThat(after.get("restartPending").asBoolean()).isFalse();
        assertThat(field(after, "compression").get("effective").asBoolean()).isTrue();
    }

    static JsonNode field(JsonNode show, String name) {
        for (JsonNode f : show.get("fields")) {
            if (f.get("field").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + show);
    }
}
