package reports

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/gin-gonic/gin"
)

type Reports struct {
	Dir string
}

func (rp Reports) Register(r *gin.Engine) {
	r.GET("/reports/file", rp.File)
	r.GET("/reports/fs", rp.FromFS)
	r.DELETE("/reports/:id", rp.Delete)
	r.GET("/reports/latest", rp.Latest)
}

func (rp Reports) File(c *gin.Context) {
	// ruleid: path-traversal
	c.File(filepath.Join(rp.Dir, c.Query("f")))
}

func (rp Reports) FromFS(c *gin.Context) {
	name := c.Query("f")
	if !fs.ValidPath(name) {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// ok: path-traversal
	data, err := fs.ReadFile(os.DirFS(rp.Dir), name)
	if err != nil {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.Data(http.StatusOK, "application/pdf", data)
}

func (rp Reports) Delete(c *gin.Context) {
	id := c.Param("id")
	// ruleid: path-traversal
	if err := os.Remove(rp.Dir + "/" + id + ".pdf"); err != nil {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.Status(http.StatusNoContent)
}

func (rp Reports) Latest(c *gin.Context) {
	// ok: path-traversal
	c.File(filepath.Join(rp.Dir, "latest.pdf"))
}
