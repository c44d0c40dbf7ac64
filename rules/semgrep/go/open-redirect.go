package redirecttest

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var trustedHosts = map[string]bool{"app.example.com": true}

func login(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-open-redirect
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
}

func ginReturn(c *gin.Context) {
	// ruleid: go-open-redirect
	c.Redirect(http.StatusFound, c.Query("return_to"))
}

func echoBack(c echo.Context) error {
	// ruleid: go-open-redirect
	return c.Redirect(http.StatusSeeOther, c.FormValue("back"))
}

func location(w http.ResponseWriter, r *http.Request) {
	u, _ := url.Parse(r.FormValue("to"))
	// ruleid: go-open-redirect
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusFound)
}

func local(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	// ok: go-open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func fixedRoute(c *gin.Context) {
	// ok: go-open-redirect
	c.Redirect(http.StatusFound, "/orders/"+c.Param("id"))
}

func trusted(c echo.Context) error {
	u, err := url.Parse(c.QueryParam("next"))
	if err != nil {
		return err
	}
	if !trustedHosts[u.Host] {
		return c.Redirect(http.StatusFound, "/")
	}
	// ok: go-open-redirect
	return c.Redirect(http.StatusFound, u.String())
}

func constant(w http.ResponseWriter, r *http.Request) {
	// ok: go-open-redirect
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
