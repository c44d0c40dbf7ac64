package com.acme.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

public class Digests {
    public byte[] passwordHash(String password) throws NoSuchAlgorithmException {
        // ruleid: weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(password.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] signatureDigest(byte[] payload) throws NoSuchAlgorithmException {
        // ruleid: weak-hash
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        return md.digest(payload);
    }

    public byte[] fingerprint(byte[] document) throws NoSuchAlgorithmException {
        // ok: weak-hash
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return md.digest(document);
    }

    public byte[] receiptHash(byte[] receipt) throws NoSuchAlgorithmException {
        String algorithm = "SHA-512";
        // ok: weak-hash
        return MessageDigest.getInstance(algorithm).digest(receipt);
    }
}
