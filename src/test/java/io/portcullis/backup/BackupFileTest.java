package io.portcullis.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sealed file's format: what goes in comes out with the passphrase, and each way a file can be wrong
 * (SPEC §11, issue 17: truncated, wrong passphrase, from a newer version, made by hand, altered) is refused
 * with a message naming it, before anything is decrypted where it can be.
 */
class BackupFileTest {

    static final char[] PASSPHRASE = "a passphrase for tests".toCharArray();
    static final int SCHEMA = 5;
    static final byte[] CONTENTS = new BackupContents("sqlite".getBytes(StandardCharsets.UTF_8),
            Map.of("ssh-ed25519", "key".getBytes(StandardCharsets.UTF_8)), Map.of()).encode();

    static byte[] sealed() {
        return BackupFile.seal(CONTENTS, PASSPHRASE, SCHEMA, "Portcullis test", BackupFile.MIN_ITERATIONS);
    }

    static String refusal(byte[] file, char[] passphrase) {
        try {
            BackupFile.open(file, passphrase, SCHEMA);
        } catch (BackupException e) {
            return e.getMessage();
        }
        throw new AssertionError("the file was accepted");
    }

    @Test
    void whatIsSealedOpensWithItsPassphraseAndHoldsItsHeader() {
        byte[] file = sealed();
        BackupFile.Opened opened = BackupFile.open(file, PASSPHRASE, SCHEMA);
        assertThat(opened.contents()).isEqualTo(CONTENTS);
        assertThat(opened.header().producer()).isEqualTo("Portcullis test");
        assertThat(opened.header().schemaVersion()).isEqualTo(SCHEMA);
        BackupContents contents = BackupContents.decode(opened.contents());
        assertThat(contents.database()).asString(StandardCharsets.UTF_8).isEqualTo("sqlite");
        assertThat(contents.hostKeys()).containsOnlyKeys("ssh-ed25519");
        // the secrets are not in the file as such, nor is the passphrase
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain("sqlite", "key", "passphrase");
        // a newer appliance reads an older schema's backup
        assertThat(BackupFile.open(file, PASSPHRASE, SCHEMA + 3).contents()).isEqualTo(CONTENTS);
    }

    @Test
    void eachTruncationIsNamedAsOne() {
        byte[] file = sealed();
        for (int length : new int[] {3, 20, 80, file.length / 2, file.length - 1}) {
            assertThat(refusal(Arrays.copyOf(file, length), PASSPHRASE)).as("cut at " + length).startsWith("truncated:");
        }
        assertThat(refusal(new byte[0], PASSPHRASE)).startsWith("the file is empty");
    }

    @Test
    void theWrongPassphraseIsNamedAsSuch() {
        assertThat(refusal(sealed(), "another passphrase".toCharArray())).startsWith("wrong passphrase");
    }

    @Test
    void aBackupFromANewerVersionIsRefusedBeforeTheKeyIsDerived() {
        byte[] newerSchema = withHeader(sealed(), b -> b.putInt(10, SCHEMA + 1));
        assertThat(refusal(newerSchema, "not even the passphrase".toCharArray()))
                .startsWith("made by a newer Portcullis (Portcullis test, database schema 6)")
                .contains("upgrade it first");
        byte[] newerFormat = withHeader(sealed(), b -> b.putShort(8, (short) 2));
        assertThat(refusal(newerFormat, PASSPHRASE)).startsWith("made by a newer Portcullis (backup format 2");
    }

    @Test
    void aFileMadeByHandOrAlteredIsRefused() {
        assertThat(refusal("hello, this is my backup\n".getBytes(StandardCharsets.UTF_8), PASSPHRASE))
                .startsWith("not a Portcullis configuration backup");
        // CR LF turned into LF on the way, as a text-mode transfer does
        byte[] sealed = sealed();
        byte[] crlf = new byte[sealed.length - 1];
        System.arraycopy(sealed, 0, crlf, 0, 4);
        System.arraycopy(sealed, 5, crlf, 4, sealed.length - 5);
        assertThat(refusal(crlf, PASSPHRASE)).contains("changed in transit as if it were text");
        // a header byte changed by hand, its checksum not made again
        byte[] editedHeader = sealed();
        editedHeader[12] ^= 1;
        assertThat(refusal(editedHeader, PASSPHRASE)).startsWith("its header was edited or damaged");
        // a header made again with its checksum, but claiming a key derivation the export never writes
        byte[] handMade = withHeader(sealed(), b -> b.putInt(23, 1));
        assertThat(refusal(handMade, PASSPHRASE)).contains("made by hand");
        byte[] editedContents = sealed();
        editedContents[editedContents.length - 20] ^= 1;
        assertThat(refusal(editedContents, PASSPHRASE)).startsWith("its contents were changed after it was made");
        byte[] longer = Arrays.copyOf(sealed(), sealed().length + 3);
        assertThat(refusal(longer, PASSPHRASE)).startsWith("it has 3 bytes after its end");
    }

    @Test
    void contentsSealedByHandWithThePassphraseAreStillChecked() {
        byte[] junk = BackupFile.seal("junk".getBytes(StandardCharsets.UTF_8), PASSPHRASE, SCHEMA, "x",
                BackupFile.MIN_ITERATIONS);
        assertThatThrownBy(() -> BackupContents.decode(BackupFile.open(junk, PASSPHRASE, SCHEMA).contents()))
                .isInstanceOf(BackupException.class).hasMessageContaining("not made by 'system config export'");
    }

    /** The header changed by {@code edit}, its checksum made again as a careful forger would. */
    static byte[] withHeader(byte[] file, java.util.function.Consumer<ByteBuffer> edit) {
        byte[] copy = file.clone();
        ByteBuffer b = ByteBuffer.wrap(copy);
        edit.accept(b);
        int nameLength = Short.toUnsignedInt(b.getShort(63));
        int digestAt = 65 + nameLength;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(copy, digestAt));
            System.arraycopy(digest, 0, copy, digestAt, digest.length);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return copy;
    }
}
