package search

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func RegisterGin(r *gin.Engine) {
	r.GET("/search", GinSearch)
	r.GET("/search/text", GinText)
	r.GET("/search/page", GinPage)
	r.GET("/search/raw", GinRaw)
}

func GinSearch(c *gin.Context) {
	q := c.Query("q")
	// ruleid: xss
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<b>Results for "+q+"</b>"))
}

func GinText(c *gin.Context) {
	q := c.Query("q")
	// ok: xss
	c.String(http.StatusOK, "results for %s", q)
}

func GinPage(c *gin.Context) {
	// ok: xss
	c.HTML(http.StatusOK, "search.tmpl", gin.H{"q": c.Query("q")})
}

func GinRaw(c *gin.Context) {
	q := c.Query("q")
	// ruleid: xss
	_, _ = c.Writer.WriteString("<div class=\"q\">" + q + "</div>")
}

func RegisterEcho(e *echo.Echo) {
	e.GET("/e/search", EchoSearch)
	e.GET("/e/search/text", EchoText)
	e.GET("/e/search/escaped", EchoEscaped)
}

func EchoSearch(c echo.Context) error {
	q := c.QueryParam("q")
	// ruleid: xss
	return c.HTML(http.StatusOK, "<p>No results for "+q+"</p>")
}

func EchoText(c echo.Context) error {
	// ok: xss
	return c.String(http.StatusOK, "no results for "+c.QueryParam("q"))
}

func EchoEscaped(c echo.Context) error {
	q := template.HTMLEscapeString(c.QueryParam("q"))
	// ok: xss
	return c.HTML(http.StatusOK, "<p>No results for "+q+"</p>")
}
