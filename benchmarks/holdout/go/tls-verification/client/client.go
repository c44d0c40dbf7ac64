package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"time"
)

// NewPaymentsClient talks to the card processor.
func NewPaymentsClient() *http.Client {
	tr := &http.Transport{
		// ruleid: tls-verification
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func NewLedgerClient(caFile string) (*http.Client, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tr := &http.Transport{
		// ok: tls-verification
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
	}
	return &http.Client{Transport: tr}, nil
}

func NewAuditClient() *http.Client {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	// ruleid: tls-verification
	cfg.InsecureSkipVerify = true
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func NewStrictClient() *http.Client {
	// ok: tls-verification
	cfg := &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS13}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func Dial(addr string) (*tls.Conn, error) {
	// ruleid: tls-verification
	return tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12})
}
