package io.portcullis.menu;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OperatorTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console line's kernel settings: raw on a terminal, serial settings where they apply, and put back. */
class LineSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void aPtyIsMadeRawTakesWhatSerialSettingsApplyAndIsPutBackAfterwards() throws Exception {
        try (OperatorTerminal operator = OperatorTerminal.open(tmp.resolve("pty"))) {
            Path device = operator.device();
            stty(device, "sane");
            String before = stty(device, "-g");

            LineSettings line = LineSettings.takeOver(device);
            assertThat(line.isTerminal()).isTrue();
            String during = stty(device, "-a");
            assertThat(during).contains("-icanon", "-echo ", "-isig", "cs8", "clocal", "-crtscts");
            // whatever a pty does not take is left out, never an error
            assertThat(LineSettings.SERIAL).containsAll(line.ignoredSerialSettings());
            assertThat(line.size().getColumns()).isEqualTo(80);
            assertThat(line.size().getRows()).isEqualTo(24);

            line.restore();
            assertThat(stty(device, "-g")).isEqualTo(before);
        }
    }

    @Test
    void aDeviceThatIsNoTerminalIsUsedWithoutSettingsAndWithoutError() {
        LineSettings line = LineSettings.takeOver(Path.of("/dev/null"));
        assertThat(line.isTerminal()).isFalse();
        assertThat(line.ignoredSerialSettings()).isEqualTo(LineSettings.SERIAL);
        line.restore();
    }

    private static String stty(Path device, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("stty", "-F", device.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
