"""Package URLs per OSV ecosystem (the purl spec's types and escaping, by packageurl-python)."""

from __future__ import annotations

import pytest

from gatekeeper.advisories.purls import purl


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "expected"),
    [
        ("npm", "@scope/name", "1.2.3", "pkg:npm/%40scope/name@1.2.3"),
        ("npm", "lodash", "4.17.21", "pkg:npm/lodash@4.17.21"),
        (
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "2.17.1",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1",
        ),
        ("Go", "github.com/gin-gonic/gin", "v1.9.1", "pkg:golang/github.com/gin-gonic/gin@v1.9.1"),
        ("PyPI", "Jinja2", "2.10", "pkg:pypi/jinja2@2.10"),
        ("npm", "left-pad", None, "pkg:npm/left-pad"),
    ],
)
def test_purl(ecosystem: str, name: str, version: str | None, expected: str) -> None:
    assert purl(ecosystem, name, version) == expected
