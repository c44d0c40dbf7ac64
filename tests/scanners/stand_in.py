"""A scanner that exists only in the tests: registering it must be all it takes to be configurable,
selectable and listed (gatekeeper/scanners/registry.py). It reads requirements files and reports
how many licences its `allow` option names, so a test can see that its option reached it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import MappingProxyType

from gatekeeper.scanners import REGISTRY
from gatekeeper.scanners.base import ScanContext, Scanner, ScannerResult

NAME = "licences"
DESCRIPTION = "licence terms of declared packages (a test's stand-in)"


class LicenceScanner(Scanner):
    name = NAME
    description = DESCRIPTION
    kinds = frozenset({"pypi-requirements"})
    options = MappingProxyType({"allow": {"type": "array", "items": {"type": "string"}}})
    inventory = True

    def version(self) -> str:
        return "0.1"

    def handles(self, path: str) -> bool:
        return path.endswith("requirements.txt")

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        allowed = len(context.options.get("allow", ()))
        return ScannerResult(self.name, self.version(), scanned=tuple(files), units=(("licences allowed", allowed),))


@contextmanager
def registered() -> Iterator[type[Scanner]]:
    """The stand-in in gatekeeper's registry for the block's length."""
    REGISTRY.register(LicenceScanner)
    try:
        yield LicenceScanner
    finally:
        REGISTRY.unregister(NAME)


PRELUDE = "import tests.scanners.stand_in as s; s.REGISTRY.register(s.LicenceScanner)"
"""For `tests.reliability.helpers.gate(prelude=...)`: the CLI process with the stand-in registered."""
