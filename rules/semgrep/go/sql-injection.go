package sqltest

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"
)

var db *sql.DB

var allowedColumns = map[string]bool{"name": true, "created": true}

func concat(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-sql-injection
	rows, _ := db.Query("SELECT * FROM users WHERE name = '" + name + "'")
	defer rows.Close()
}

func sprintfContext(w http.ResponseWriter, r *http.Request) {
	q := fmt.Sprintf("DELETE FROM sessions WHERE token = '%s'", r.FormValue("token"))
	// ruleid: go-sql-injection
	db.ExecContext(r.Context(), q)
}

func builder(c *gin.Context) {
	var sb strings.Builder
	sb.WriteString("SELECT id FROM items WHERE tag = '")
	sb.WriteString(c.Query("tag"))
	sb.WriteString("'")
	// ruleid: go-sql-injection
	db.QueryRow(sb.String())
}

func echoParam(c echo.Context) error {
	id := c.Param("id")
	// ruleid: go-sql-injection
	_, err := db.Exec("UPDATE items SET seen = 1 WHERE id = " + id)
	return err
}

func chiParam(w http.ResponseWriter, r *http.Request) {
	// ruleid: go-sql-injection
	db.QueryContext(r.Context(), "SELECT * FROM t WHERE slug = '"+chi.URLParam(r, "slug")+"'")
}

type filter struct {
	Status string `json:"status"`
}

func bound(c *gin.Context) {
	var f filter
	if err := c.ShouldBindJSON(&f); err != nil {
		return
	}
	// ruleid: go-sql-injection
	db.Query("SELECT id FROM orders WHERE status = '" + f.Status + "'")
}

func placeholder(w http.ResponseWriter, r *http.Request) {
	// ok: go-sql-injection
	db.Query("SELECT * FROM users WHERE name = $1", r.URL.Query().Get("name"))
}

func converted(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("limit"))
	if err != nil {
		return
	}
	// ok: go-sql-injection
	db.Query(fmt.Sprintf("SELECT * FROM users LIMIT %d", n))
}

func overwritten(c *gin.Context) {
	table := c.Query("table")
	table = "users"
	// ok: go-sql-injection
	db.Query("SELECT * FROM " + table)
}

func allowList(c *gin.Context) {
	col := c.Query("sort")
	if !allowedColumns[col] {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// ok: go-sql-injection
	db.Query("SELECT * FROM users ORDER BY " + col)
}

func lookup(c echo.Context) error {
	orders := map[string]string{"new": "created DESC", "old": "created ASC"}
	order := orders[c.QueryParam("order")]
	// ok: go-sql-injection
	_, err := db.Query("SELECT * FROM users ORDER BY " + order)
	return err
}

func prepared(c *gin.Context) {
	stmt, err := db.Prepare("UPDATE users SET name = ? WHERE id = ?")
	if err != nil {
		return
	}
	// ok: go-sql-injection
	stmt.Exec(c.PostForm("name"), c.Param("id"))
}

func ginAccessor(c *gin.Context) {
	// ok: go-sql-injection
	status := c.Query("status")
	_ = status
}

func notRequest(name string) {
	// ok: go-sql-injection
	db.Query("SELECT * FROM users WHERE name = '" + name + "'")
}
