import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

public class RandomCases {
    private final Random random = new Random();
    private final SecureRandom secure = new SecureRandom();

    String resetToken() {
        byte[] bytes = new byte[16];
        // ruleid: java-weak-random
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    void remember(HttpServletResponse response) {
        // ruleid: java-weak-random
        String value = Long.toHexString(random.nextLong());
        Cookie cookie = new Cookie("remember", value);
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }

    void issue(HttpSession session) {
        // ruleid: java-weak-random
        String sessionId = Double.toString(Math.random());
        // ruleid: java-weak-random
        int otp = ThreadLocalRandom.current().nextInt(1_000_000);
        session.setAttribute("otp", otp);
        use(sessionId, otp);
    }

    String apiKey() {
        byte[] bytes = new byte[32];
        // ok: java-weak-random
        secure.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    long backoffMillis() {
        // ok: java-weak-random
        return 100 + random.nextInt(50);
    }

    <T> void shuffle(List<T> items) {
        // ok: java-weak-random
        Collections.shuffle(items, new Random(7));
        // ok: java-weak-random
        int sample = random.nextInt(100);
        use("sample", sample);
    }

    void use(String a, int b) {
    }
}
