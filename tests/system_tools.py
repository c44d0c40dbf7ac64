"""What some tests need from the system beyond Python: a tool (Groovy, Chromium) or a privilege
(a network namespace, mounting a tmpfs).

On a developer's machine without it, such a test is skipped with the reason (pytest's `-ra`
summary lists it), so the README's test command passes on a fresh machine. In CI it is required:
`.ci/run` installs the tools and sets `GATEKEEPER_REQUIRE_SYSTEM_TOOLS=1`, which turns each of
these skips into a failure, so CI can never go green by silently skipping them. Every such test
asks through this module, never with a `pytest.skip` of its own.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

REQUIRE_ENV = "GATEKEEPER_REQUIRE_SYSTEM_TOOLS"


def required() -> bool:
    """Whether a missing tool or privilege fails the test (CI) instead of skipping it."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def unavailable(reason: str) -> NoReturn:
    """Skip the calling test because of `reason`, or fail it when the system tools are required."""
    __tracebackhide__ = True  # the skip is reported at the test's line, not here
    if required():
        pytest.fail(f"{reason} ({REQUIRE_ENV} is set: CI must provide it, this test may not be skipped)", pytrace=False)
    pytest.skip(reason)


def tool(*names: str, install: str) -> str:
    """The path of the first of `names` found on PATH; else unavailable, saying how to `install` it."""
    __tracebackhide__ = True  # the skip is reported at the test's line, not here
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    unavailable(f"{' or '.join(names)} is not installed ({install})")


def simulated(reason: str) -> None:
    """A test that can fall back on a simulation (said in its docstring) when the real thing is
    `reason` unavailable: it goes on simulated on a developer's machine, and fails in CI."""
    __tracebackhide__ = True  # the skip is reported at the test's line, not here
    if required():
        pytest.fail(f"{reason}: the test would be simulated ({REQUIRE_ENV} is set: CI must provide it)", pytrace=False)
