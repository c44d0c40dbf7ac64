package backup

import (
	"context"
	"os/exec"
	"path/filepath"
)

// runDump gets the database name straight from the request.
func runDump(ctx context.Context, name, out string) error {
	// ruleid: command-injection
	cmd := exec.CommandContext(ctx, "bash", "-c", "pg_dump "+name+" > "+filepath.Join(out, "db.sql"))
	return cmd.Run()
}

func runDumpArgs(ctx context.Context, name, out string) error {
	// ok: command-injection
	cmd := exec.CommandContext(ctx, "pg_dump", "--file", filepath.Join(out, "db.sql"), "--", name)
	return cmd.Run()
}
