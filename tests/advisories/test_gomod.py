"""go.mod and go.sum: the module versions a Go build selects, each at its line; the scan of a Go
module through the CLI, against small fixtures and against the real Go vulnerability database."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from gatekeeper.advisories.gomod import go_release, parse
from gatekeeper.advisories.manifests import (
    ManifestError,
    manifest_files,
    manifest_kind,
    read_manifest,
)
from tests.advisories.helpers import FIXTURES, PROJECTS
from tests.conftest import run_cli

GO_OSV = FIXTURES / "osv-go"
GO_PROJECT = PROJECTS / "gomod"
GO_DATA_ENV = "GATEKEEPER_TEST_GO_ADVISORIES"


def rows(root: Path, path: str = "go.mod") -> list[tuple[str, str, int, str | None, str]]:
    return [(r.name, r.path, r.line, r.version, r.group) for r in read_manifest(root, path)]


def test_every_go_mod_form_at_its_line() -> None:
    found = {r.name: r for r in read_manifest(GO_PROJECT, "go.mod")}
    assert manifest_kind("svc/go.mod") == "go-mod" and manifest_kind("go.sum") is None
    assert rows(GO_PROJECT) == [
        ("golang.org/x/text", "go.mod", 7, "v0.3.7", ""),  # the single-line form
        ("golang.org/x/net", "go.mod", 10, "v0.7.0", ""),  # the block form
        # replaced: audited at its replacement's version, on the replace line; `// indirect` is its group
        ("github.com/gorilla/websocket", "go.mod", 18, "v1.4.2", "indirect"),
        ("example.com/internal/ledger", "go.mod", 17, None, ""),  # replaced by a local directory
        ("example.com/excluded", "go.mod", 13, None, ""),  # its version is excluded
        ("stdlib", "go.mod", 5, "1.21.3", "toolchain"),  # `toolchain` wins over `go 1.21`
        # go.sum: a module whose code was hashed but go.mod does not name, at its highest version
        ("golang.org/x/crypto", "go.sum", 3, "v0.0.0-20200622213623-75b288015ac9", "go.sum"),
    ]
    assert all(r.ecosystem == "Go" for r in found.values())
    assert "local directory ../ledger" in found["example.com/internal/ledger"].unpinned_reason
    assert "exclude" in found["example.com/excluded"].unpinned_reason
    assert manifest_files(GO_PROJECT, "go.mod") == ["go.mod", "go.sum"]


def test_go_directive_alone_names_the_oldest_release_it_allows(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.20\n\nrequire golang.org/x/net v0.7.0\n")
    assert rows(tmp_path) == [
        ("golang.org/x/net", "go.mod", 5, "v0.7.0", ""),
        ("stdlib", "go.mod", 3, "1.20.0", "toolchain"),
    ]
    assert manifest_files(tmp_path, "go.mod") == ["go.mod"]  # no go.sum: nothing else read


@pytest.mark.parametrize(
    ("text", "release"),
    [
        ("go1.21.5", "1.21.5"),
        ("1.21", "1.21.0"),
        ("1.21rc2", "1.21.0-rc.2"),
        ("go1.22beta1", "1.22.0-beta.1"),
        ("banana", None),
    ],
)
def test_go_release_names(text: str, release: str | None) -> None:
    assert go_release(text) == release


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("module m\nrequire (\n\tgolang.org/x/net v0.7.0\n", "the 'require (' block is never closed"),
        ("module m\nrequire golang.org/x/net\n", "line 2: require needs a module path and a version"),
        ("module m\nreplace golang.org/x/net v0.1.0\n", "line 2: replace needs '=>'"),
        ("module m\ngo banana\n", "line 2: 'banana' is not a Go release"),
        ('module m\nrequire "golang.org/x/net v0.7.0\n', 'line 2: unterminated string "golang.org/x/net v0.7.0'),
    ],
)
def test_malformed_go_mod_names_file_and_line(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "go.mod").write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "go.mod")
    assert str(raised.value) == f"go.mod: {problem}"


def test_malformed_go_sum_is_named(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n")
    (tmp_path / "go.sum").write_text("golang.org/x/net v0.7.0\n")
    with pytest.raises(ManifestError, match=r"^go\.sum: line 1: expected '<module> <version> h1:<hash>'"):
        parse("go.mod", "module m\n", tmp_path)


def test_quoted_paths_and_comments(tmp_path: Path) -> None:
    text = 'module m\n// require golang.org/x/old v0.1.0\nrequire "golang.org/x/net" v0.7.0 // indirect; for tests\nrequire ()\n'
    assert [(r.name, r.line, r.group) for r in parse("go.mod", text)] == [("golang.org/x/net", 3, "indirect")]


def scan_cli(project: Path, *extra: str, advisories: Path = GO_OSV) -> tuple[int, dict[str, object], str]:
    report = project.parent / f"{project.name}-report.json"
    proc = run_cli(
        "scan",
        str(project),
        "--scanner",
        "dependencies",
        "--advisories",
        str(advisories),
        "--output",
        f"json={report}",
        *extra,
        env={"GATEKEEPER_ADVISORIES_MAX_AGE": "unlimited", "GATEKEEPER_CACHE_DIR": str(project.parent / "cache")},
    )
    data = json.loads(report.read_text()) if report.is_file() else {}
    return proc.returncode, data, proc.stderr


def test_scan_go_module_against_go_advisories(tmp_path: Path) -> None:
    project = tmp_path / "svc"
    shutil.copytree(GO_PROJECT, project)
    code, report, _ = scan_cli(project)
    assert code == 1
    findings = report["findings"]
    got = {(f["location"]["path"], f["location"]["start_line"], f["rule_id"]) for f in findings}  # type: ignore[index, union-attr]
    assert ("go.mod", 7, "GO-2022-1059") in got  # golang.org/x/text v0.3.7 < 0.3.8
    # golang.org/x/net v0.7.0: GO-2023-1988 (fixed 0.13.0) and GO-2023-2102 (fixed 0.17.0), one finding
    (net,) = [f for f in findings if f["properties"]["package"] == "golang.org/x/net"]  # type: ignore[index]
    assert net["location"]["start_line"] == 10
    assert [a["id"] for a in net["properties"]["advisories"]] == ["GO-2023-1988", "GO-2023-2102"]
    assert net["remediation"] == "upgrade golang.org/x/net v0.7.0 -> v0.17.0 (clears all 2 advisories)"
    # The toolchain is audited only when asked: 1.21.3 is affected by GO-2023-2185 (fixed in 1.21.4).
    assert not any(rule == "GO-2023-2185" for _, _, rule in got)
    unpinned = {f["properties"]["package"] for f in findings if f["rule_id"] == "dependency-unpinned"}  # type: ignore[index]
    assert unpinned == {"example.com/internal/ledger", "example.com/excluded"}
    text = next(f for f in findings if f["rule_id"] == "GO-2022-1059")  # type: ignore[index]
    assert text["properties"]["purl"] == "pkg:golang/golang.org/x/text@v0.3.7"  # type: ignore[index]

    code, report, _ = scan_cli(project, "--go-stdlib")
    stdlib = [f for f in report["findings"] if f["rule_id"] == "GO-2023-2185"]  # type: ignore[index, union-attr]
    assert [(f["location"]["start_line"], f["properties"]["package"], f["properties"]["version"]) for f in stdlib] == [
        (5, "stdlib", "1.21.3")
    ]


def test_the_config_option_asks_for_the_toolchain_too(tmp_path: Path) -> None:
    project = tmp_path / "svc"
    shutil.copytree(GO_PROJECT, project)
    (project / ".gatekeeper.yml").write_text("scanners:\n  dependencies:\n    go_stdlib: true\n")
    _, report, _ = scan_cli(project)
    assert "GO-2023-2185" in {f["rule_id"] for f in report["findings"]}  # type: ignore[index, union-attr]


def test_no_go_advisories_is_an_error_naming_the_ecosystem(tmp_path: Path) -> None:
    from tests.advisories.helpers import (
        OSV_FIXTURE,  # PyPI (and one npm) records, no Go
    )

    project = tmp_path / "svc"
    shutil.copytree(GO_PROJECT, project)
    code, _, stderr = scan_cli(project, advisories=OSV_FIXTURE)
    assert code == 2
    line = [entry for entry in stderr.splitlines() if entry.startswith("gatekeeper: error:")][0]
    assert "holds no Go advisories" in line and "gatekeeper advisories update --ecosystem Go" in line


def real_go_advisories() -> Path:
    value = os.environ.get(GO_DATA_ENV)
    if not value:
        pytest.skip(f"{GO_DATA_ENV} is not set (point it at ../shared/advisories/go-vulndb)")
    path = Path(value)
    assert (path / "GO-2022-1059.json").is_file(), f"{GO_DATA_ENV}={value} is not the Go vulnerability database"
    return path


def test_a_go_module_against_the_real_go_vulnerability_database(tmp_path: Path) -> None:
    data = real_go_advisories()
    project = tmp_path / "svc"
    project.mkdir()
    (project / "go.mod").write_text(
        "module example.com/payments\n\ngo 1.20\n\nrequire (\n\tgolang.org/x/net v0.7.0\n"
        "\tgolang.org/x/text v0.3.7 // indirect\n\tgolang.org/x/crypto v0.17.0\n)\n"
    )
    code, report, stderr = scan_cli(project, "--go-stdlib", advisories=data)
    assert code == 1, stderr
    findings = report["findings"]
    by_package = {f["properties"]["package"]: f for f in findings}  # type: ignore[index, union-attr]
    assert set(by_package) == {"golang.org/x/net", "golang.org/x/text", "golang.org/x/crypto", "stdlib"}

    def advisory(package: str, advisory_id: str) -> dict[str, object]:
        return next(a for a in by_package[package]["properties"]["advisories"] if a["id"] == advisory_id)

    # Published facts: GO-2022-1059 (CVE-2022-32149) fixed x/text in 0.3.8; GO-2023-2102 (HTTP/2 rapid
    # reset, CVE-2023-39325) fixed x/net in 0.17.0 and the standard library in 1.20.10.
    text = by_package["golang.org/x/text"]
    assert text["location"]["start_line"] == 7
    assert advisory("golang.org/x/text", "GO-2022-1059")["fix_version"] == "0.3.8"
    assert "CVE-2022-32149" in advisory("golang.org/x/text", "GO-2022-1059")["aliases"]
    assert advisory("golang.org/x/net", "GO-2023-2102")["fix_version"] == "0.17.0"
    assert advisory("stdlib", "GO-2023-2102")["fix_version"] == "1.20.10"
    # The finding's fix clears every advisory: at least each advisory's own fix, in Go's order.
    from gatekeeper.advisories.versions import key

    for package in ("golang.org/x/net", "golang.org/x/text", "stdlib"):
        finding = by_package[package]
        fix = finding["properties"]["fix_version"]
        assert fix and all(
            key("Go", fix) >= key("Go", a["fix_version"])
            for a in finding["properties"]["advisories"]
            if a["fix_version"]
        ), package
    assert text["remediation"].startswith(f"upgrade golang.org/x/text v0.3.7 -> v{text['properties']['fix_version']}")
    # GO-2023-2402 (Terrapin, CVE-2023-48795) is fixed in x/crypto 0.17.0: the fixed version itself is
    # clean of it (later advisories still affect 0.17.0).
    crypto = {a["id"] for a in by_package["golang.org/x/crypto"]["properties"]["advisories"]}
    assert "GO-2023-2402" not in crypto and "GO-2024-3321" in crypto
    # GO-2026-5932 (x/crypto/openpgp, unmaintained) has no fix: no version clears them all.
    assert by_package["golang.org/x/crypto"]["properties"]["fix_version"] == ""
    assert by_package["golang.org/x/crypto"]["remediation"].startswith(
        "no version of golang.org/x/crypto clears every advisory"
    )


def test_a_malformed_go_mod_is_lost_coverage_named_with_its_line(tmp_path: Path) -> None:
    project = tmp_path / "svc"
    project.mkdir()
    (project / "go.mod").write_text("module m\n\nrequire golang.org/x/net\n")
    code, report, stderr = scan_cli(project)
    assert code == 2
    assert stderr.strip().splitlines()[-1] == (
        "gatekeeper: error: dependencies: could not scan 1 file(s), e.g. go.mod (line 3: require needs a module path "
        "and a version)"
    )


def test_a_pin_that_is_no_version_of_its_ecosystem_is_not_audited(tmp_path: Path) -> None:
    project = tmp_path / "svc"
    project.mkdir()
    (project / "go.mod").write_text("module m\n\nrequire golang.org/x/text v0.3\n")  # not a module version
    code, report, _ = scan_cli(project)
    (finding,) = report["findings"]  # type: ignore[misc]
    assert (finding["rule_id"], finding["location"]["start_line"]) == ("dependency-unpinned", 3)
    assert "pinned to 'v0.3', which is not a Go version" in finding["message"]
