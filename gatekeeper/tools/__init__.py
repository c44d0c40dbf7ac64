"""Maintainers' tools that derive files from the rule pack (run with `python -m gatekeeper.tools.<name>`)."""
