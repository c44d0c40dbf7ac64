package backup

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
)

type Handler struct {
	Root string
	Out  string
}

func (h Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/backup/dir":
		h.archiveDir(w, r)
	case "/backup/db":
		h.dumpDB(w, r)
	case "/backup/nightly":
		h.nightly(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (h Handler) archiveDir(w http.ResponseWriter, r *http.Request) {
	dir := r.URL.Query().Get("dir")
	target := filepath.Join(h.Out, "backup.tgz")
	// ruleid: command-injection
	cmd := exec.Command("/bin/sh", "-c", fmt.Sprintf("tar czf %s -C %s .", target, dir))
	if err := cmd.Run(); err != nil {
		http.Error(w, "backup failed", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, "ok")
}

func (h Handler) dumpDB(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("db")
	if err := runDump(r.Context(), name, h.Out); err != nil {
		http.Error(w, "dump failed", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, "ok")
}

func (h Handler) nightly(w http.ResponseWriter, r *http.Request) {
	dir := os.Getenv("BACKUP_DIR")
	// ok: command-injection
	cmd := exec.Command("sh", "-c", "tar czf /var/backups/nightly.tgz "+dir)
	if err := cmd.Run(); err != nil {
		http.Error(w, "backup failed", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, "ok")
}
