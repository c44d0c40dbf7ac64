package files

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-chi/chi/v5"
)

const baseDir = "/srv/files"

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/files/{name}", Download)
	r.Get("/files/safe/{name}", DownloadBase)
	r.Get("/files/clean/{name}", DownloadClean)
	r.Put("/files/{name}", Upload)
	r.Get("/avatars", Avatar)
	return r
}

func Download(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	// ruleid: path-traversal
	f, err := os.Open(filepath.Join(baseDir, name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func DownloadBase(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	// ok: path-traversal
	f, err := os.Open(filepath.Join(baseDir, filepath.Base(name)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func DownloadClean(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	// ok: path-traversal
	data, err := os.ReadFile(filepath.Join(baseDir, filepath.Clean("/"+name)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}

func Upload(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	dest := filepath.Join(baseDir, "uploads", name)
	// ruleid: path-traversal
	out, err := os.Create(dest)
	if err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	defer out.Close()
	_, _ = io.Copy(out, r.Body)
	w.WriteHeader(http.StatusCreated)
}

func Avatar(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	if strings.Contains(user, "..") || strings.ContainsAny(user, `/\`) {
		http.Error(w, "bad user", http.StatusBadRequest)
		return
	}
	// ok: path-traversal
	data, err := os.ReadFile(filepath.Join(baseDir, "avatars", user+".png"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(data)
}
