import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;

public class CipherCases {
    void cases(byte[] raw) throws Exception {
        // ruleid: java-weak-cipher
        Cipher.getInstance("DES/CBC/PKCS5Padding");
        // ruleid: java-weak-cipher
        Cipher.getInstance("AES/ECB/PKCS5Padding");
        // ruleid: java-weak-cipher
        Cipher.getInstance("AES");
        // ruleid: java-weak-cipher
        KeyGenerator.getInstance("DESede");
        // ruleid: java-weak-cipher
        new SecretKeySpec(raw, "RC4");
        // ok: java-weak-cipher
        Cipher.getInstance("AES/GCM/NoPadding");
        // ok: java-weak-cipher
        Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        // ok: java-weak-cipher
        Cipher.getInstance("ChaCha20-Poly1305");
        // ok: java-weak-cipher
        new SecretKeySpec(raw, "HmacSHA256");
    }
}
