"""Package URLs (purl) per OSV ecosystem, built with packageurl-python (which does the escaping:
`pkg:npm/%40scope/name@1.2.3`, `pkg:maven/group/artifact@1.2.3`, `pkg:golang/module/path@v1.2.3`)."""

from __future__ import annotations

from functools import lru_cache

from packageurl import PackageURL
from packaging.utils import canonicalize_name

_TYPES = {
    "PyPI": "pypi",
    "npm": "npm",
    "Maven": "maven",
    "Go": "golang",
    "crates.io": "cargo",
    "RubyGems": "gem",
    "NuGet": "nuget",
    "Packagist": "composer",
}


@lru_cache(maxsize=65536)
def purl(ecosystem: str, name: str, version: str | None) -> str:
    kind = _TYPES.get(ecosystem, ecosystem.lower())
    namespace: str | None = None
    if kind == "pypi":
        name = canonicalize_name(name)
    elif kind == "maven" and ":" in name.strip(":"):
        namespace, name = name.split(":", 1)
    elif kind in ("npm", "golang", "composer") and "/" in name.strip("/"):
        namespace, name = name.rsplit("/", 1)
    return PackageURL(type=kind, namespace=namespace, name=name, version=version).to_string()
