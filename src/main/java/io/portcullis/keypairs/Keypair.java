package io.portcullis.keypairs;

import java.time.Instant;

/** What may be shown of a keypair (SPEC §5): never its private part. */
public record Keypair(String name, String type, int bits, String publicKey, String fingerprint, Instant createdAt) {

    /** The public key as an authorized_keys line, commented with the keypair's name. */
    public String authorizedKeysLine() {
        return publicKey + " " + name + "@portcullis";
    }
}
