package com.acme.accounts;

import java.util.Random;
import java.util.UUID;

import org.apache.commons.lang3.RandomStringUtils;

public class PasswordReset {
    public String temporaryPassword() {
        // ruleid: weak-random
        return RandomStringUtils.randomAlphanumeric(12);
    }

    public String resetLinkId() {
        // ok: weak-random
        return UUID.randomUUID().toString();
    }

    public int pickServer(int servers) {
        // ok: weak-random
        return new Random().nextInt(servers);
    }
}
