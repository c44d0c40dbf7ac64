package cmdtest

import (
	"net/http"
	"os/exec"
	"regexp"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var hostRe = regexp.MustCompile(`^[a-z0-9.-]+$`)

var actions = map[string]string{"disk": "df -h", "load": "uptime"}

func shell(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: go-command-injection
	exec.Command("sh", "-c", "ping -c 1 "+host).Run()
}

func bashContext(c *gin.Context) {
	// ruleid: go-command-injection
	exec.CommandContext(c, "/bin/bash", "-c", "tar czf out.tgz "+c.Query("dir")).Run()
}

func program(c echo.Context) error {
	// ruleid: go-command-injection
	return exec.Command(c.FormValue("tool"), "--version").Run()
}

func absolute(w http.ResponseWriter, r *http.Request) {
	script := "convert " + r.FormValue("file") + " out.png"
	// ruleid: go-command-injection
	cmd := exec.Command("/usr/bin/sh", "-c", script)
	cmd.Run()
}

func noShell(w http.ResponseWriter, r *http.Request) {
	// ok: go-command-injection
	exec.Command("ping", "-c", "1", r.URL.Query().Get("host")).Run()
}

func validated(c *gin.Context) {
	host := c.Query("host")
	if !hostRe.MatchString(host) {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// ok: go-command-injection
	exec.Command("sh", "-c", "dig +short "+host).Run()
}

func fromTable(c echo.Context) error {
	script, ok := actions[c.QueryParam("action")]
	if !ok {
		return nil
	}
	// ok: go-command-injection
	return exec.Command("sh", "-c", script).Run()
}

func constant(w http.ResponseWriter, r *http.Request) {
	dir := r.FormValue("dir")
	dir = "/var/backups"
	// ok: go-command-injection
	exec.Command("sh", "-c", "ls "+dir).Run()
}
