package sso

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var trustedReturn = map[string]bool{"app.example.com": true, "admin.example.com": true}

func RegisterGin(r *gin.Engine) {
	r.GET("/sso/return", Return)
	r.GET("/sso/return/checked", ReturnChecked)
	r.GET("/sso/return/path", ReturnPath)
}

func Return(c *gin.Context) {
	// ruleid: open-redirect
	c.Redirect(http.StatusFound, c.Query("return_to"))
}

func ReturnChecked(c *gin.Context) {
	u, err := url.Parse(c.Query("return_to"))
	if err != nil || !trustedReturn[u.Host] {
		c.Redirect(http.StatusFound, "/")
		return
	}
	// ok: open-redirect
	c.Redirect(http.StatusFound, u.String())
}

func ReturnPath(c *gin.Context) {
	u, err := url.Parse(c.Query("return_to"))
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// ok: open-redirect
	c.Redirect(http.StatusFound, "/"+url.PathEscape(u.Path))
}

func RegisterEcho(e *echo.Echo) {
	e.POST("/prefs", SavePrefs)
}

func SavePrefs(c echo.Context) error {
	// ... preferences saved here ...
	// ruleid: open-redirect
	return c.Redirect(http.StatusSeeOther, c.FormValue("back"))
}
