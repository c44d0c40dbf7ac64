package xsstext

import (
	"net/http"
	"text/template"

	"github.com/gin-gonic/gin"
)

var page = template.Must(template.New("page").Parse(`<h1>{{.Name}}</h1>`))

func profile(w http.ResponseWriter, r *http.Request) {
	data := map[string]string{"Name": r.FormValue("name")}
	// ruleid: go-xss
	page.Execute(w, data)
}

func ginProfile(c *gin.Context) {
	// ruleid: go-xss
	page.Execute(c.Writer, map[string]string{"Name": c.Query("name")})
}

func named(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-xss
	page.ExecuteTemplate(w, "page", struct{ Name string }{r.URL.Query().Get("name")})
}

func fixedData(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	page.Execute(w, map[string]string{"Name": "guest"})
}

func toFile(w http.ResponseWriter, r *http.Request) {
	var sb stringsBuilder
	// ok: go-xss
	page.Execute(&sb, map[string]string{"Name": r.FormValue("name")})
}

type stringsBuilder struct{ buf []byte }

func (s *stringsBuilder) Write(p []byte) (int, error) {
	s.buf = append(s.buf, p...)
	return len(p), nil
}

func converted(w http.ResponseWriter, r *http.Request) {
	// ok: go-xss
	page.Execute(w, map[string]int{"Name": len(r.FormValue("name"))})
}
