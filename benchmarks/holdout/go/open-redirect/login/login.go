package login

import (
	"net/http"
	"net/url"
	"strings"
)

func Register(mux *http.ServeMux) {
	mux.HandleFunc("/login", Login)
	mux.HandleFunc("/login/local", LoginLocal)
	mux.HandleFunc("/logout", Logout)
	mux.HandleFunc("/continue", Continue)
}

func Login(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	// ... credentials checked here ...
	// ruleid: open-redirect
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
}

func LoginLocal(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	// ok: open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func Logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "session", MaxAge: -1, Path: "/"})
	// ok: open-redirect
	http.Redirect(w, r, "/goodbye", http.StatusSeeOther)
}

func Continue(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("to")
	u, err := url.Parse(target)
	if err != nil {
		http.Error(w, "bad target", http.StatusBadRequest)
		return
	}
	// ruleid: open-redirect
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusFound)
}
