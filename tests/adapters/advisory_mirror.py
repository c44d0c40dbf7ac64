"""A stand-in for OSV's export server: its layout (`{base}/PyPI/all.zip`) in a local directory,
served as a file:// URL to `gatekeeper advisories update --url`, as a site mirror would be."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import yaml

from tests.advisories.helpers import OSV_FIXTURE


def build_mirror(base: Path, records: Path = OSV_FIXTURE, *, modified: datetime | None = None) -> str:
    """The PyPI records under `records` (OSV YAML or JSON) as `base/PyPI/all.zip`; returns the
    mirror's URL. `modified` re-dates every record, as OSV's export of that day would be dated
    (the adapters' age limit is tested against both); None keeps the records' own dates."""
    target = base / "PyPI" / "all.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = modified.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if modified else None
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(records.rglob("*")):
            if path.suffix not in (".json", ".yaml", ".yml"):
                continue
            text = path.read_text(encoding="utf-8")
            record = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            ecosystems = {a.get("package", {}).get("ecosystem") for a in record.get("affected", [])}
            if ecosystems != {"PyPI"}:
                continue
            if stamp:
                record["modified"] = stamp
            bundle.writestr(f"{record['id']}.json", json.dumps(record, default=str))
    return base.as_uri()


def now() -> datetime:
    return datetime.now(timezone.utc)
