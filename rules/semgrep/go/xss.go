package xsstest

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func fprintf(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-xss
	fmt.Fprintf(w, "<p>%s</p>", r.URL.Query().Get("q"))
}

func write(w http.ResponseWriter, r *http.Request) {
	msg := "<div>" + r.FormValue("msg") + "</div>"
	// ruleid: go-xss
	w.Write([]byte(msg))
}

func writeString(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-xss
	io.WriteString(w, "<b>"+r.PostFormValue("name")+"</b>")
}

func ginData(c *gin.Context) {
	// ruleid: go-xss
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<h1>"+c.Query("title")+"</h1>"))
}

func echoHTML(c echo.Context) error {
	// ruleid: go-xss
	return c.HTML(http.StatusOK, "<p>"+c.QueryParam("q")+"</p>")
}

func trusted(w http.ResponseWriter, r *http.Request) {
	page := template.Must(template.New("p").Parse(`{{.}}`))
	// ruleid: go-xss
	page.Execute(w, template.HTML(r.FormValue("bio")))
}

func ginWriter(c *gin.Context) {
	// ruleid: go-xss
	c.Writer.WriteString("<p>" + c.Param("name") + "</p>")
}

func escaped(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	fmt.Fprintf(w, "<p>%s</p>", html.EscapeString(r.URL.Query().Get("q")))
}

func plainText(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// ok: go-xss
	fmt.Fprintf(w, "you searched for %s", r.URL.Query().Get("q"))
}

func ginString(c *gin.Context) {
	// ok: go-xss
	c.String(http.StatusOK, "hello %s", c.Query("name"))
}

func ginJSON(c *gin.Context) {
	// ok: go-xss
	c.Data(http.StatusOK, "application/json", []byte(`{"q":"`+c.Query("q")+`"}`))
}

func htmlTemplate(w http.ResponseWriter, r *http.Request) {
	page := template.Must(template.New("p").Parse(`<p>{{.}}</p>`))
	// ok: go-xss
	page.Execute(w, r.FormValue("bio"))
}

func echoEscaped(c echo.Context) error {
	// ok: go-xss
	return c.HTML(http.StatusOK, "<p>"+template.HTMLEscapeString(c.QueryParam("q"))+"</p>")
}

func number(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	fmt.Fprintf(w, "<p>%d characters</p>", len(r.FormValue("text")))
}

func constantPage(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	fmt.Fprint(w, "<h1>Welcome</h1>")
}
