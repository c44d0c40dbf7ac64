package com.acme.tokens;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

public class TokenService {
    private final Random random = new Random();
    private final SecureRandom secure = new SecureRandom();

    public String resetToken() {
        byte[] bytes = new byte[24];
        // ruleid: weak-random
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    public String sessionId() {
        // ruleid: weak-random
        long id = ThreadLocalRandom.current().nextLong();
        return Long.toHexString(id);
    }

    public void rememberMe(HttpServletResponse response) {
        // ruleid: weak-random
        String value = Integer.toString(new Random().nextInt(1_000_000));
        Cookie cookie = new Cookie("remember", value);
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }

    public String apiKey() {
        byte[] bytes = new byte[32];
        // ok: weak-random
        secure.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public <T> void shuffleForDisplay(List<T> banners) {
        // ok: weak-random
        Collections.shuffle(banners, new Random(42));
    }

    public long retryJitterMillis() {
        // ok: weak-random
        return 100 + ThreadLocalRandom.current().nextInt(50);
    }
}
