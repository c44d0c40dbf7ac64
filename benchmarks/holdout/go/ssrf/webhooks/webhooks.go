package webhooks

import (
	"bytes"
	"net/http"
	"net/url"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

var allowedHosts = map[string]bool{"hooks.slack.com": true, "api.pagerduty.com": true}

func Register(mux *http.ServeMux) {
	mux.HandleFunc("/webhooks/test", Test)
	mux.HandleFunc("/webhooks/send", Send)
	mux.HandleFunc("/webhooks/callback", Callback)
	mux.HandleFunc("/rates", Rates)
}

func Test(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("url")
	// ruleid: ssrf
	resp, err := http.Get(target)
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func Send(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("url"))
	if err != nil || u.Scheme != "https" || !allowedHosts[u.Hostname()] {
		http.Error(w, "host not allowed", http.StatusBadRequest)
		return
	}
	// ok: ssrf
	resp, err := client.Post(u.String(), "application/json", bytes.NewReader([]byte(`{"text":"test"}`)))
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

func Callback(w http.ResponseWriter, r *http.Request) {
	// ruleid: ssrf
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, r.URL.Query().Get("callback"), nil)
	if err != nil {
		http.Error(w, "bad callback", http.StatusBadRequest)
		return
	}
	resp, err := client.Do(req)
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

func Rates(w http.ResponseWriter, r *http.Request) {
	ccy := r.URL.Query().Get("ccy")
	// ok: ssrf
	resp, err := client.Get("https://rates.example.com/v1/latest?base=" + url.QueryEscape(ccy))
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
}
