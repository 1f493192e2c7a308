package io.portcullis.ssh.cipher;

import io.portcullis.ssh.cipher.ChaCha20Poly1305.Backends;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.cipher.ChaCha20Cipher;
import org.apache.sshd.common.cipher.Cipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * chacha20-poly1305@openssh.com alone, as MINA SSHD's packet codec drives it: {@code seal} is
 * {@code updateWithAAD} on a fresh packet (length encrypted, payload encrypted, tag appended), {@code open}
 * is {@code updateAAD} then {@code update} on a received one (length decrypted, tag checked, payload
 * decrypted). Each operation is one payload byte, so JMH's "ops/us" is MB/s of payload. Both include copying
 * the packet into the work buffer, as a real packet arrives in or is written to a fresh buffer.
 *
 * <p>{@code impl}: {@code mina} is MINA SSHD 2.20's ChaCha20Cipher, {@code ours} what the appliance picks on
 * this JVM; {@code java}, {@code jdk-chacha20}, {@code jdk-poly1305} and {@code jdk} force the parts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED"})
public class ChaCha20Poly1305Benchmark {

    @Param({"mina", "ours"})
    public String impl;

    private Packets large;
    private Packets medium;
    private Packets small;

    @Setup
    public void setup() throws Exception {
        large = new Packets(impl, 32768);
        medium = new Packets(impl, 1024);
        small = new Packets(impl, 64);
    }

    @Benchmark
    @OperationsPerInvocation(32768)
    public byte seal32KiB() throws Exception {
        return large.seal();
    }

    @Benchmark
    @OperationsPerInvocation(32768)
    public byte open32KiB() throws Exception {
        return large.open();
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public byte seal1KiB() throws Exception {
        return medium.seal();
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public byte open1KiB() throws Exception {
        return medium.open();
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public byte seal64B() throws Exception {
        return small.seal();
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public byte open64B() throws Exception {
        return small.open();
    }

    static Cipher cipher(String impl) {
        return switch (impl) {
            case "mina" -> new ChaCha20Cipher();
            case "ours" -> ChaCha20Poly1305Factory.INSTANCE.create();
            case "java" -> new ChaCha20Poly1305(new Backends(false, false));
            case "jdk-chacha20" -> new ChaCha20Poly1305(new Backends(true, false));
            case "jdk-poly1305" -> new ChaCha20Poly1305(new Backends(false, true));
            case "jdk" -> new ChaCha20Poly1305(new Backends(true, true));
            default -> throw new IllegalArgumentException("impl: mina, ours, java, jdk-chacha20, jdk-poly1305 or jdk");
        };
    }

    /** Packets of one payload size: a plaintext to seal, and a ring of sealed ones (sequence numbers 0..n-1) to open. */
    static final class Packets {
        private final String impl;
        private final int size;
        private final byte[] key = new byte[64];
        private final byte[] plain;
        private final byte[] work;
        private final byte[][] sealed;
        private final Cipher sealer;
        private Cipher opener;
        private int next;

        Packets(String impl, int size) throws Exception {
            this.impl = impl;
            this.size = size;
            Random random = new Random(size);
            random.nextBytes(key);
            plain = new byte[4 + size + 16];
            random.nextBytes(plain);
            plain[0] = (byte) (size >>> 24);
            plain[1] = (byte) (size >>> 16);
            plain[2] = (byte) (size >>> 8);
            plain[3] = (byte) size;
            work = new byte[plain.length];
            // about 4 MiB of sealed packets: opening them all costs one re-init, next to thousands of packets
            sealed = new byte[Math.max(64, (4 << 20) / size)][];
            Cipher ring = cipher(impl);
            ring.init(Cipher.Mode.Encrypt, key, iv(0));
            for (int i = 0; i < sealed.length; i++) {
                sealed[i] = plain.clone();
                ring.updateWithAAD(sealed[i], 0, 4, size);
            }
            sealer = cipher(impl);
            sealer.init(Cipher.Mode.Encrypt, key, iv(0));
            opener = cipher(impl);
            opener.init(Cipher.Mode.Decrypt, key, iv(0));
        }

        byte seal() throws Exception {
            System.arraycopy(plain, 0, work, 0, 4 + size);
            sealer.updateWithAAD(work, 0, 4, size);
            return work[4 + size];
        }

        byte open() throws Exception {
            if (next == sealed.length) {
                next = 0;
                opener = cipher(impl);
                opener.init(Cipher.Mode.Decrypt, key, iv(0));
            }
            System.arraycopy(sealed[next++], 0, work, 0, work.length);
            opener.updateAAD(work, 0, 4);
            opener.update(work, 4, size);
            return work[4];
        }

        private static byte[] iv(long seq) {
            byte[] iv = new byte[8];
            for (int i = 0; i < 8; i++) {
                iv[i] = (byte) (seq >>> (56 - 8 * i));
            }
            return iv;
        }
    }
}
