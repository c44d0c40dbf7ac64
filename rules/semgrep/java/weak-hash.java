import java.security.MessageDigest;

import org.apache.commons.codec.digest.DigestUtils;

public class HashCases {
    private static final String LEGACY = "SHA-1";

    void cases(byte[] data) throws Exception {
        // ruleid: java-weak-hash
        MessageDigest.getInstance("MD5").digest(data);
        // ruleid: java-weak-hash
        MessageDigest.getInstance(LEGACY).digest(data);
        String alg = "SHA1";
        // ruleid: java-weak-hash
        MessageDigest.getInstance(alg).digest(data);
        // ruleid: java-weak-hash
        DigestUtils.md5Hex(data);
        // ok: java-weak-hash
        MessageDigest.getInstance("SHA-256").digest(data);
        // ok: java-weak-hash
        MessageDigest.getInstance("SHA3-256").digest(data);
        // ok: java-weak-hash
        DigestUtils.sha256Hex(data);
    }
}
