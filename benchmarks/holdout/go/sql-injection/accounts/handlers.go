package accounts

import (
	"database/sql"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

type API struct {
	DB *sql.DB
}

func (a *API) Register(r *gin.Engine) {
	r.GET("/accounts/:name", a.Get)
	r.GET("/accounts", a.List)
	r.POST("/accounts/search", a.Search)
	r.GET("/accounts/table", a.Table)
}

func (a *API) Get(c *gin.Context) {
	name := c.Param("name")
	var email string
	// ok: sql-injection
	if err := a.DB.QueryRowContext(c, "SELECT email FROM accounts WHERE name = ?", name).Scan(&email); err != nil {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.JSON(http.StatusOK, gin.H{"email": email})
}

func (a *API) List(c *gin.Context) {
	status := c.DefaultQuery("status", "open")
	// ruleid: sql-injection
	rows, err := a.DB.Query("SELECT name FROM accounts WHERE status = '" + status + "'")
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	c.JSON(http.StatusOK, names(rows))
}

type searchForm struct {
	Prefix string   `json:"prefix"`
	Tags   []string `json:"tags"`
}

func (a *API) Search(c *gin.Context) {
	var form searchForm
	if err := c.ShouldBindJSON(&form); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	where := "name LIKE '" + form.Prefix + "%'"
	if len(form.Tags) > 0 {
		where += " AND tag IN ('" + strings.Join(form.Tags, "','") + "')"
	}
	// ruleid: sql-injection
	rows, err := a.DB.QueryContext(c, "SELECT name FROM accounts WHERE "+where)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	c.JSON(http.StatusOK, names(rows))
}

func (a *API) Table(c *gin.Context) {
	table := c.Query("t")
	table = "accounts"
	// ok: sql-injection
	rows, err := a.DB.Query("SELECT name FROM " + table)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	c.JSON(http.StatusOK, names(rows))
}

func names(rows *sql.Rows) []string {
	var out []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			out = append(out, n)
		}
	}
	return out
}
