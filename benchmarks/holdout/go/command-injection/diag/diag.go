package diag

import (
	"net/http"
	"os/exec"
	"regexp"

	"github.com/labstack/echo/v4"
)

var hostname = regexp.MustCompile(`^[a-zA-Z0-9.-]{1,253}$`)

var checks = map[string]string{
	"disk":   "df -h / | tail -1",
	"uptime": "uptime",
}

func Register(e *echo.Echo) {
	e.GET("/diag/ping", Ping)
	e.GET("/diag/trace", Trace)
	e.GET("/diag/check", Check)
	e.POST("/diag/tool", Tool)
	e.GET("/diag/lookup", Lookup)
}

func Ping(c echo.Context) error {
	host := c.QueryParam("host")
	// ruleid: command-injection
	out, err := exec.Command("sh", "-c", "ping -c 1 "+host).CombinedOutput()
	if err != nil {
		return c.String(http.StatusBadGateway, "ping failed")
	}
	return c.String(http.StatusOK, string(out))
}

func Trace(c echo.Context) error {
	host := c.QueryParam("host")
	// ok: command-injection
	out, err := exec.Command("traceroute", "-m", "10", host).Output()
	if err != nil {
		return c.String(http.StatusBadGateway, "trace failed")
	}
	return c.String(http.StatusOK, string(out))
}

func Check(c echo.Context) error {
	script, ok := checks[c.QueryParam("name")]
	if !ok {
		return c.NoContent(http.StatusNotFound)
	}
	// ok: command-injection
	out, err := exec.CommandContext(c.Request().Context(), "bash", "-c", script).Output()
	if err != nil {
		return c.NoContent(http.StatusInternalServerError)
	}
	return c.String(http.StatusOK, string(out))
}

func Tool(c echo.Context) error {
	tool := c.FormValue("tool")
	// ruleid: command-injection
	cmd := exec.Command(tool, "--version")
	out, err := cmd.Output()
	if err != nil {
		return c.NoContent(http.StatusInternalServerError)
	}
	return c.String(http.StatusOK, string(out))
}

func Lookup(c echo.Context) error {
	host := c.QueryParam("host")
	if !hostname.MatchString(host) {
		return c.NoContent(http.StatusBadRequest)
	}
	// ok: command-injection
	out, err := exec.Command("/bin/sh", "-c", "dig +short "+host).Output()
	if err != nil {
		return c.NoContent(http.StatusInternalServerError)
	}
	return c.String(http.StatusOK, string(out))
}
