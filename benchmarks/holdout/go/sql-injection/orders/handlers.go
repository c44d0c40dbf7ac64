package orders

import (
	"fmt"
	"net/http"
	"strconv"
)

var sortable = map[string]bool{"created_at": true, "total": true, "customer": true}

func (s *Server) Search(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer")
	q := "SELECT id, total FROM orders WHERE customer = '" + customer + "'"
	// ruleid: sql-injection
	rows, err := s.db.Query(q)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeJSON(w, scanOrders(rows))
}

func (s *Server) ByID(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	var total int64
	// ok: sql-injection
	err := s.db.QueryRow("SELECT total FROM orders WHERE id = $1", id).Scan(&total)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, map[string]int64{"total": total})
}

func (s *Server) Sorted(w http.ResponseWriter, r *http.Request) {
	col := r.FormValue("sort")
	if !sortable[col] {
		col = "created_at"
	}
	// ok: sql-injection
	rows, err := s.db.Query(fmt.Sprintf("SELECT id, total FROM orders ORDER BY %s", col))
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeJSON(w, scanOrders(rows))
}

func (s *Server) Page(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 {
		limit = 50
	}
	// ok: sql-injection
	rows, err := s.db.Query(fmt.Sprintf("SELECT id, total FROM orders LIMIT %d", limit))
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeJSON(w, scanOrders(rows))
}

func (s *Server) Delete(w http.ResponseWriter, r *http.Request) {
	ref := r.PostFormValue("ref")
	// ruleid: sql-injection
	if _, err := s.db.Exec(fmt.Sprintf("DELETE FROM orders WHERE ref = '%s'", ref)); err != nil {
		http.Error(w, "delete failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) ByStatus(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	rows, err := findByStatus(r.Context(), s.db, status)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeJSON(w, scanOrders(rows))
}
