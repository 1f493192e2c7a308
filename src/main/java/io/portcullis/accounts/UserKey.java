package io.portcullis.accounts;

import java.time.Instant;

/** One authorized_keys line of a user: "type base64" plus its comment and SHA256 fingerprint. */
public record UserKey(long id, String keyType, String publicKey, String comment, String fingerprint, Instant addedAt) {

    public String authorizedKeysLine() {
        return comment.isEmpty() ? publicKey : publicKey + " " + comment;
    }
}
