import java.security.cert.X509Certificate;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;

import org.apache.http.conn.ssl.NoopHostnameVerifier;

public class TlsCases {
    static class TrustAll implements X509TrustManager {
        // ruleid: java-tls-trust-all
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        // ruleid: java-tls-trust-all
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static class TrustAllServers implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("no client certificates");
        }

        // ruleid: java-tls-trust-all
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            return;
        }

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static class Pinned implements X509TrustManager {
        private final X509TrustManager delegate;

        Pinned(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        // ok: java-tls-trust-all
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        // ok: java-tls-trust-all
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkServerTrusted(chain, authType);
            if (!chain[0].getSubjectX500Principal().getName().contains("CN=partner.example")) {
                throw new java.security.cert.CertificateException("unexpected partner certificate");
            }
        }

        // ok: java-tls-trust-all
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    static class AnyHost implements HostnameVerifier {
        // ruleid: java-tls-hostname-verifier-disabled
        public boolean verify(String hostname, SSLSession session) { return true; }
    }

    void verifiers(HttpsURLConnection conn) throws Exception {
        // ruleid: java-tls-hostname-verifier-disabled
        conn.setHostnameVerifier((h, s) -> true);
        // ruleid: java-tls-hostname-verifier-disabled
        HostnameVerifier any = (host, session) -> true;
        // ok: java-tls-hostname-verifier-disabled
        HostnameVerifier strict = (host, session) -> "partner.example".equals(host);
        // ok: java-tls-hostname-verifier-disabled
        conn.setHostnameVerifier(HttpsURLConnection.getDefaultHostnameVerifier());
        // ruleid: java-tls-hostname-verifier-disabled
        org.apache.http.impl.client.HttpClients.custom().setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE);
        // ok: java-tls-hostname-verifier-disabled
        conn.setHostnameVerifier(strict);
    }

    void protocols() throws Exception {
        // ruleid: java-tls-weak-protocol
        SSLContext.getInstance("SSLv3");
        // ruleid: java-tls-weak-protocol
        SSLContext.getInstance("TLSv1");
        // ruleid: java-tls-weak-protocol
        SSLContext.getInstance("TLSv1.1");
        // ok: java-tls-weak-protocol
        SSLContext.getInstance("TLSv1.3");
        // ok: java-tls-weak-protocol
        SSLContext.getInstance("TLSv1.2");
        // ok: java-tls-weak-protocol
        SSLContext.getInstance("TLS");
    }
}
