import javax.servlet.http.HttpServletRequest;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.web.bind.annotation.RequestParam;

public class LogCases {
    private static final Logger LOG = LogManager.getLogger(LogCases.class);

    void servlet(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        // ruleid: java-log4j-request-data
        LOG.info("agent " + agent);
        // ruleid: java-log4j-request-data
        LOG.warn("login failed for {}", request.getParameter("user"));
        // ok: java-log4j-request-data
        LOG.info("agent " + agent.replaceAll("[\\r\\n]", "_"));
        // ok: java-log4j-request-data
        LOG.info("page served");
        int attempts = Integer.parseInt(request.getParameter("attempts"));
        // ok: java-log4j-request-data
        LOG.info("attempt " + attempts);
    }

    void spring(@RequestParam String q) {
        // ruleid: java-log4j-request-data
        LOG.error("search failed: " + q);
    }
}
