"""Gate several repositories with gatekeeper's Python API, as a platform team's bot would.

    python examples/api/gate_repositories.py REPO [REPO ...] [--fail-on medium] [--out DIR]
        [--events file:events.jsonl]

Each repository is scanned with its own policy (its `.gatekeeper.yml`, and the organisation base
it extends); a SARIF report per repository goes to --out; one line per repository says its
verdict; with --events, every scan's events (OCSF) are sent where the URL says, as the scan runs.
Exit status: the worst of the repositories' (0 all passed, 1 a policy violation, 2 an error).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gatekeeper import api


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repositories", nargs="+", type=Path)
    parser.add_argument("--fail-on", default=None, help="a stricter threshold than the policies'")
    parser.add_argument("--out", type=Path, default=Path("gatekeeper-reports"))
    parser.add_argument("--events", action="append", default=[], help="an event sink (see docs/siem.md)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    worst = 0
    for repository in args.repositories:
        try:
            result = api.scan([repository], fail_on=args.fail_on, events=args.events, use_cache=False)
        except api.GatekeeperError as error:
            print(f"{repository}: error: {error}")
            worst = 2
            continue
        (args.out / f"{repository.name}.sarif").write_text(api.render(result, "sarif"), encoding="utf-8")
        blocking = len(result.blocking)
        print(f"{repository}: {result.verdict.status} ({blocking} blocking of {len(result.findings)} findings)")
        worst = max(worst, result.exit_code)
    return worst


if __name__ == "__main__":
    sys.exit(main())
