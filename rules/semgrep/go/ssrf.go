package ssrftest

import (
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var client = &http.Client{}

var allowedHosts = map[string]bool{"api.example.com": true}

func get(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-ssrf
	http.Get(r.URL.Query().Get("url"))
}

func newRequest(c *gin.Context) {
	target := c.PostForm("webhook")
	// ruleid: go-ssrf
	req, _ := http.NewRequestWithContext(c, http.MethodPost, target, nil)
	client.Do(req)
}

func clientPost(w http.ResponseWriter, r *http.Request) {
	c := &http.Client{}
	// ruleid: go-ssrf
	c.Post(r.FormValue("callback"), "application/json", nil)
}

func hostOnly(c echo.Context) error {
	// ruleid: go-ssrf
	_, err := http.Get("http://" + c.QueryParam("host") + "/status")
	return err
}

func dial(c echo.Context) error {
	// ruleid: go-ssrf
	conn, err := net.Dial("tcp", c.QueryParam("addr"))
	if err == nil {
		conn.Close()
	}
	return err
}

func fixedHost(w http.ResponseWriter, r *http.Request) {
	// ok: go-ssrf
	http.Get("https://api.example.com/v1/users/" + r.URL.Query().Get("id"))
}

func escapedQuery(c *gin.Context) {
	// ok: go-ssrf
	http.Get(fmt.Sprintf("https://%s/search?q=%s", "api.example.com", url.QueryEscape(c.Query("q"))))
}

func sprintfFixed(c echo.Context) error {
	// ok: go-ssrf
	_, err := http.Get(fmt.Sprintf("https://api.example.com/items/%s", c.Param("id")))
	return err
}

func allowListed(w http.ResponseWriter, r *http.Request) {
	u, _ := url.Parse(r.FormValue("url"))
	if !allowedHosts[u.Hostname()] {
		http.Error(w, "host not allowed", http.StatusBadRequest)
		return
	}
	// ok: go-ssrf
	http.Get(u.String())
}

func constant(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("url")
	target = "https://status.example.com/"
	// ok: go-ssrf
	http.Get(target)
}
