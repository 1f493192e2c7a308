package io.portcullis.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backup holds once opened: the configuration's database (a SQLite file without the audit log, the
 * private keys taken out of it) and each private key by what it belongs to, in OpenSSH's format. The keys
 * travel apart from the database so that they are never written to a disk unsealed; on import each is
 * sealed again with the appliance's own secret.
 *
 * <p>Encoded as a count (u32), then named parts: name (u16 length + UTF-8), bytes (u32 length + bytes):
 * {@code database}, {@code host-key:TYPE}, {@code keypair:NAME}.
 */
record BackupContents(byte[] database, Map<String, byte[]> hostKeys, Map<String, byte[]> keypairs) {

    private static final String DATABASE = "database";
    private static final String HOST_KEY = "host-key:";
    private static final String KEYPAIR = "keypair:";

    BackupContents {
        hostKeys = Map.copyOf(hostKeys);
        keypairs = Map.copyOf(keypairs);
    }

    byte[] encode() {
        Map<String, byte[]> parts = new TreeMap<>();
        parts.put(DATABASE, database);
        hostKeys.forEach((type, key) -> parts.put(HOST_KEY + type, key));
        keypairs.forEach((name, key) -> parts.put(KEYPAIR + name, key));
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(database.length + 16 * 1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(parts.size());
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                byte[] name = part.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(name.length);
                out.write(name);
                out.writeInt(part.getValue().length);
                out.write(part.getValue());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only an authenticated file reaches here, so anything unexpected was made with the passphrase by hand. */
    static BackupContents decode(byte[] encoded) {
        Map<String, byte[]> hostKeys = new TreeMap<>();
        Map<String, byte[]> keypairs = new TreeMap<>();
        byte[] database = null;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new EOFException();
                }
                byte[] value = in.readNBytes(length);
                boolean repeated;
                if (name.equals(DATABASE)) {
                    repeated = database != null;
                    database = value;
                } else if (name.startsWith(HOST_KEY)) {
                    repeated = hostKeys.put(name.substring(HOST_KEY.length()), value) != null;
                } else if (name.startsWith(KEYPAIR)) {
                    repeated = keypairs.put(name.substring(KEYPAIR.length()), value) != null;
                } else {
                    throw malformed("an unknown part '" + name + "'");
                }
                if (repeated) {
                    throw malformed("the part '" + name + "' twice");
                }
            }
            if (in.available() > 0) {
                throw malformed("bytes after its last part");
            }
        } catch (IOException e) {
            throw malformed("a part that ends early");
        }
        if (database == null) {
            throw malformed("no database");
        }
        return new BackupContents(database, hostKeys, keypairs);
    }

    private static BackupException malformed(String what) {
        return new BackupException("its contents are not those of a configuration backup (" + what + "), though"
                + " sealed with this passphrase: it was not made by 'system config export'");
    }
}
