package tlstest

import (
	"crypto/tls"
	"net/http"
)

func client() *http.Client {
	// ruleid: go-tls-verification-disabled
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	return &http.Client{Transport: tr}
}

func assigned() *tls.Config {
	cfg := &tls.Config{}
	// ruleid: go-tls-verification-disabled
	cfg.InsecureSkipVerify = true
	return cfg
}

func dial(addr string) {
	// ruleid: go-tls-verification-disabled
	tls.Dial("tcp", addr, &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true})
}

func verified() *tls.Config {
	// ok: go-tls-verification-disabled
	return &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12}
}

func defaults() *tls.Config {
	// ok: go-tls-verification-disabled
	return &tls.Config{ServerName: "api.example.com"}
}

func reset(cfg *tls.Config) {
	// ok: go-tls-verification-disabled
	cfg.InsecureSkipVerify = false
}

func legacy() *tls.Config {
	// ruleid: go-tls-weak-version
	return &tls.Config{MinVersion: tls.VersionTLS10}
}

func legacy11() *tls.Config {
	// ruleid: go-tls-weak-version
	return &tls.Config{MinVersion: tls.VersionTLS11, ServerName: "x"}
}

func legacyAssigned(cfg *tls.Config) {
	// ruleid: go-tls-weak-version
	cfg.MinVersion = tls.VersionSSL30
}

func modern() *tls.Config {
	// ok: go-tls-weak-version
	return &tls.Config{MinVersion: tls.VersionTLS12}
}

func modern13(cfg *tls.Config) {
	// ok: go-tls-weak-version
	cfg.MinVersion = tls.VersionTLS13
}

func maxOnly() *tls.Config {
	// ok: go-tls-weak-version
	return &tls.Config{MaxVersion: tls.VersionTLS11 + 2}
}
