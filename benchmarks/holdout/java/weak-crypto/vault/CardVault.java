package com.acme.vault;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

public class CardVault {
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CardVault(SecretKey key) {
        this.key = key;
    }

    public byte[] legacyEncrypt(byte[] pan) throws GeneralSecurityException {
        // ruleid: weak-crypto
        Cipher cipher = Cipher.getInstance("DES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(pan);
    }

    public byte[] blockEncrypt(byte[] pan) throws GeneralSecurityException {
        // ruleid: weak-crypto
        Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(pan);
    }

    public byte[] defaultEncrypt(byte[] pan) throws GeneralSecurityException {
        // ruleid: weak-crypto
        Cipher cipher = Cipher.getInstance("AES");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(pan);
    }

    public byte[] encrypt(byte[] pan) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        // ok: weak-crypto
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return cipher.doFinal(pan);
    }

    public byte[] wrapKey(SecretKey dataKey) throws GeneralSecurityException {
        // ok: weak-crypto
        Cipher cipher = Cipher.getInstance("AESWrap");
        cipher.init(Cipher.WRAP_MODE, key);
        return cipher.wrap(dataKey);
    }
}
