package orders

import (
	"database/sql"
	"encoding/json"
	"net/http"
)

// Server serves the order endpoints over database/sql.
type Server struct {
	db *sql.DB
}

func NewServer(db *sql.DB) *Server {
	return &Server{db: db}
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/orders/search", s.Search)
	mux.HandleFunc("/orders/get", s.ByID)
	mux.HandleFunc("/orders/sorted", s.Sorted)
	mux.HandleFunc("/orders/page", s.Page)
	mux.HandleFunc("/orders/delete", s.Delete)
	mux.HandleFunc("/orders/status", s.ByStatus)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
