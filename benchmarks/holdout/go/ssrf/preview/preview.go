package preview

import (
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

const catalogURL = "http://catalog.internal:8080"

func Register(e *echo.Echo) {
	e.GET("/preview", Preview)
	e.GET("/items/:id", Item)
	e.POST("/import", Import)
}

func Preview(c echo.Context) error {
	// ruleid: ssrf
	resp, err := http.Get(c.QueryParam("src"))
	if err != nil {
		return c.NoContent(http.StatusBadGateway)
	}
	defer resp.Body.Close()
	return c.Stream(http.StatusOK, "image/png", resp.Body)
}

func Item(c echo.Context) error {
	id := c.Param("id")
	// ok: ssrf
	resp, err := http.Get(fmt.Sprintf("%s/v1/items/%s", catalogURL, url.PathEscape(id)))
	if err != nil {
		return c.NoContent(http.StatusBadGateway)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return c.JSONBlob(http.StatusOK, body)
}

type importRequest struct {
	Feed string `json:"feed"`
}

func Import(c echo.Context) error {
	var in importRequest
	if err := c.Bind(&in); err != nil {
		return c.NoContent(http.StatusBadRequest)
	}
	// ruleid: ssrf
	req, err := http.NewRequest(http.MethodGet, in.Feed, nil)
	if err != nil {
		return c.NoContent(http.StatusBadRequest)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return c.NoContent(http.StatusBadGateway)
	}
	defer resp.Body.Close()
	return c.NoContent(http.StatusAccepted)
}
