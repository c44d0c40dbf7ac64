package profile

import (
	"fmt"
	htmltemplate "html/template"
	"html"
	"net/http"
	"text/template"
)

var page = template.Must(template.New("page").Parse(`<h1>{{.Name}}</h1><p>{{.Bio}}</p>`))

var safePage = htmltemplate.Must(htmltemplate.New("page").Parse(`<h1>{{.Name}}</h1><div>{{.Comment}}</div>`))

func Register(mux *http.ServeMux) {
	mux.HandleFunc("/hello", Hello)
	mux.HandleFunc("/hello/escaped", HelloEscaped)
	mux.HandleFunc("/profile", Profile)
	mux.HandleFunc("/profile/safe", ProfileSafe)
	mux.HandleFunc("/comment", Comment)
	mux.HandleFunc("/plain", Plain)
}

func Hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: xss
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
}

func HelloEscaped(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: xss
	_, _ = w.Write([]byte("<h1>Hello " + html.EscapeString(name) + "</h1>"))
}

func Profile(w http.ResponseWriter, r *http.Request) {
	data := map[string]string{"Name": r.FormValue("name"), "Bio": r.FormValue("bio")}
	// ruleid: xss
	_ = page.Execute(w, data)
}

func ProfileSafe(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{"Name": r.FormValue("name"), "Comment": r.FormValue("comment")}
	// ok: xss
	_ = safePage.Execute(w, data)
}

func Comment(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{
		"Name": r.FormValue("name"),
		// ruleid: xss
		"Comment": htmltemplate.HTML(r.FormValue("comment")),
	}
	_ = safePage.Execute(w, data)
}

func Plain(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// ok: xss
	fmt.Fprintf(w, "Hello %d", len(r.URL.Query().Get("name")))
}
