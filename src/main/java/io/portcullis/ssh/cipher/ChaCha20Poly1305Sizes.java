package io.portcullis.ssh.cipher;

import org.apache.sshd.common.cipher.CipherInformation;

/** What MINA SSHD asks of chacha20-poly1305@openssh.com, and of its factory, before making one: declared once. */
abstract class ChaCha20Poly1305Sizes implements CipherInformation {

    @Override
    public String getAlgorithm() {
        return "ChaCha20"; // MINA puts the sequence number in the IV of ciphers whose algorithm starts "ChaCha"
    }

    @Override
    public String getTransformation() {
        return "ChaCha20";
    }

    /** The IV is the 64-bit packet sequence number. */
    @Override
    public int getIVSize() {
        return 8;
    }

    @Override
    public int getAuthenticationTagSize() {
        return Poly1305.TAG_LENGTH;
    }

    @Override
    public int getCipherBlockSize() {
        return 8;
    }

    /** K_2 and K_1, 32 bytes each. */
    @Override
    public int getKdfSize() {
        return 64;
    }

    @Override
    public int getKeySize() {
        return 512;
    }
}
