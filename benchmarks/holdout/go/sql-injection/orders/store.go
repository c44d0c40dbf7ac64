package orders

import (
	"context"
	"database/sql"
)

type order struct {
	ID    int64 `json:"id"`
	Total int64 `json:"total"`
}

func scanOrders(rows *sql.Rows) []order {
	var out []order
	for rows.Next() {
		var o order
		if rows.Scan(&o.ID, &o.Total) == nil {
			out = append(out, o)
		}
	}
	return out
}

// findByStatus is called with the request's status filter.
func findByStatus(ctx context.Context, db *sql.DB, status string) (*sql.Rows, error) {
	query := "SELECT id, total FROM orders WHERE status = '" + status + "' ORDER BY id"
	// ruleid: sql-injection
	return db.QueryContext(ctx, query)
}

func countAll(ctx context.Context, db *sql.DB, table string) (int64, error) {
	var n int64
	// ok: sql-injection
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	return n, err
}

func totals(ctx context.Context, db *sql.DB) (int64, error) {
	return countAll(ctx, db, "orders")
}
