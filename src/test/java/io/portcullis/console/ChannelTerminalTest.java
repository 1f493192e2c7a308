package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.StandardEnvironment;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;

/** The terminal built over a channel takes type and size from MINA's environment and follows its signals. */
class ChannelTerminalTest {

    @Test
    void typeAndSizeComeFromThePtyRequestAndWindowChangesResize() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.set(Environment.ENV_TERM, "xterm-256color");
        env.set(Environment.ENV_COLUMNS, "132");
        env.set(Environment.ENV_LINES, "43");
        try (Terminal terminal = open(env)) {
            assertThat(terminal.getType()).isEqualTo("xterm-256color");
            assertThat(terminal.getSize()).isEqualTo(new Size(132, 43));
            assertThat(terminal.getClass().getSimpleName()).isEqualTo("ExternalTerminal");

            CountDownLatch resized = new CountDownLatch(1);
            terminal.handle(Terminal.Signal.WINCH, s -> resized.countDown());
            env.set(Environment.ENV_COLUMNS, "100");
            env.set(Environment.ENV_LINES, "30");
            env.signal(null, Signal.WINCH);
            assertThat(resized.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(terminal.getSize()).isEqualTo(new Size(100, 30));
        }
    }

    @Test
    void aZeroSizeFallsBackToEightyByTwentyFour() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.set(Environment.ENV_TERM, "xterm");
        env.set(Environment.ENV_COLUMNS, "0");
        env.set(Environment.ENV_LINES, "0");
        try (Terminal terminal = open(env)) {
            assertThat(terminal.getSize()).isEqualTo(new Size(80, 24));
        }
    }

    @Test
    void theChannelsInterruptSignalAndCtrlCReachTheTerminalsHandler() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.set(Environment.ENV_TERM, "xterm");
        PipedOutputStream keys = new PipedOutputStream();
        try (Terminal terminal = ChannelTerminal.open("test", env, new PipedInputStream(keys), new ByteArrayOutputStream())) {
            CountDownLatch interrupts = new CountDownLatch(2);
            terminal.handle(Terminal.Signal.INT, s -> interrupts.countDown());
            env.signal(null, Signal.INT);
            keys.write(3);
            keys.flush();
            assertThat(interrupts.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void withoutAPtyTheTerminalNeitherEchoesNorTranslatesLineEnds() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal terminal = ChannelTerminal.open("test", env, new PipedInputStream(new PipedOutputStream()), out)) {
            assertThat(terminal.getType()).isEqualTo(Terminal.TYPE_DUMB);
            terminal.writer().print("a\nb\n");
            terminal.flush();
            assertThat(out.toString()).isEqualTo("a\nb\n");
        }
    }

    private static Terminal open(StandardEnvironment env) throws Exception {
        return ChannelTerminal.open("test", env, new PipedInputStream(new PipedOutputStream()), new ByteArrayOutputStream());
    }
}
