package pathtest

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"
)

const base = "/srv/data"

func open(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-path-traversal
	f, _ := os.Open(filepath.Join(base, r.URL.Query().Get("file")))
	defer f.Close()
}

func serve(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	// ruleid: go-path-traversal
	http.ServeFile(w, r, base+"/"+name)
}

func ginFile(c *gin.Context) {
	// ruleid: go-path-traversal
	c.File(filepath.Join(base, c.Param("path")))
}

func echoWrite(c echo.Context) error {
	p := filepath.Join(base, "uploads", c.FormValue("name"))
	// ruleid: go-path-traversal
	return os.WriteFile(p, []byte("x"), 0o600)
}

func baseName(w http.ResponseWriter, r *http.Request) {
	// ok: go-path-traversal
	os.ReadFile(filepath.Join(base, filepath.Base(r.FormValue("file"))))
}

func cleanedAbsolute(c *gin.Context) {
	// ok: go-path-traversal
	c.File(filepath.Join(base, filepath.Clean("/"+c.Query("f"))))
}

func validPath(c echo.Context) error {
	name := c.QueryParam("name")
	if !fs.ValidPath(name) {
		return echo.ErrBadRequest
	}
	// ok: go-path-traversal
	_, err := os.ReadFile(filepath.Join(base, name))
	return err
}

func dotdot(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	if strings.Contains(name, "..") {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	// ok: go-path-traversal
	os.Remove(filepath.Join(base, name))
}

func fixed(c *gin.Context) {
	// ok: go-path-traversal
	c.File(filepath.Join(base, "index.html"))
}
