package accounts

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (a *API) Rename(c *gin.Context) {
	tx, err := a.DB.BeginTx(c, nil)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	defer tx.Rollback()
	newName := c.PostForm("name")
	// ok: sql-injection
	stmt, err := tx.Prepare("UPDATE accounts SET name = ? WHERE id = ?")
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	// ok: sql-injection
	if _, err := stmt.Exec(newName, c.Param("id")); err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	_ = tx.Commit()
	c.Status(http.StatusNoContent)
}

func (a *API) Archive(c *gin.Context) {
	id := c.Param("id")
	// ruleid: sql-injection
	if _, err := a.DB.ExecContext(c, "UPDATE accounts SET archived = true WHERE id = "+id); err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Status(http.StatusNoContent)
}
