package io.portcullis.ssh.cipher;

/**
 * The Poly1305 one-time authenticator (RFC 8439 §2.5): one key per message, fed in pieces, finished
 * into a 16-byte tag. An instance is reused message after message and allocates nothing of its own.
 */
interface Poly1305 {

    int KEY_LENGTH = 32;
    int TAG_LENGTH = 16;

    /** Starts a message under the 32-byte one-time key at {@code key[offset..offset+32)}. */
    void init(byte[] key, int offset);

    void update(byte[] data, int offset, int length);

    /** Writes the tag to {@code out[offset..offset+16)}; the instance then needs {@link #init} again. */
    void finish(byte[] out, int offset);
}
