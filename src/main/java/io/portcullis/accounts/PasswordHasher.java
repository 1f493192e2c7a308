package io.portcullis.accounts;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashes (Spring Security's encoder over BouncyCastle). {@link #verifyOrBurn} spends the same
 * work whether or not there is a hash to check, so unknown users cost as much as wrong passwords.
 */
@Component
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String decoyHash = encoder.encode("decoy password, never matches an input that reaches here");

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** True only when a hash is given and the password matches it; a missing hash costs the same time. */
    public boolean verifyOrBurn(String password, String hashOrNull) {
        if (hashOrNull == null) {
            encoder.matches(password, decoyHash);
            return false;
        }
        return encoder.matches(password, hashOrNull);
    }
}
