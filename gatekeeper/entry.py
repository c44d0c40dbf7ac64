"""The console script: a crash while importing must still be exit 2, never Python's 1.

CI adapters read exit 1 as a policy violation; a missing dependency is an error. This module
imports nothing beyond the standard library until it is inside the guard.
"""

from __future__ import annotations

import os
import sys

EXIT_ERROR = 2


def main() -> None:
    try:
        from gatekeeper.cli import main as cli_main
    except Exception as exc:  # noqa: BLE001 - any import failure is an installation error
        if os.environ.get("GATEKEEPER_DEBUG"):
            raise
        print(f"gatekeeper: error: installation is broken: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(EXIT_ERROR)
    cli_main()
