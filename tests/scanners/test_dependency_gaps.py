"""npm and Maven manifests through the CLI, as a pipeline meets them: what is read is covered,
what cannot be read is lost coverage with its reason, a package.json without a lock file is one
inventory-gap finding, an unresolved Maven version is listed with its reason, and pinned
components of an ecosystem the advisory source cannot answer for fail closed (exit 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.advisories.helpers import FIXTURES, OSV_FIXTURE, PROJECTS
from tests.conftest import run_cli


def scan(target: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    proc = run_cli(
        "scan",
        str(target),
        "--scanner",
        "dependencies",
        "--advisories",
        str(OSV_FIXTURE),
        "--format",
        "json",
        "--no-cache",
        *args,
    )
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def scanner(report: dict[str, Any]) -> dict[str, Any]:
    (entry,) = [s for s in report["scan"]["scanners"] if s["name"] == "dependencies"]
    return entry


def copy(project: str, tmp_path: Path) -> Path:
    target = tmp_path / project
    shutil.copytree(PROJECTS / project, target)
    return target


NPM_ADVISORIES = Path(__file__).resolve().parents[1] / "fixtures" / "advisories" / "npm"
MAVEN_ADVISORIES = NPM_ADVISORIES.parent / "maven"


def test_pinned_npm_components_are_audited_against_npm_advisories(tmp_path: Path) -> None:
    code, report, _ = scan(copy("npm-v3", tmp_path), "--advisories", str(NPM_ADVISORIES))
    assert code == 1
    found = {
        (f["rule_id"], f["location"]["path"], f["location"]["start_line"], f["severity"], f["remediation"])
        for f in report["findings"]
    }
    assert found == {
        ("GHSA-jf85-cpcp-j695", "package-lock.json", 78, "critical", "upgrade lodash 4.17.11 -> 4.17.12"),
        ("GHSA-xvch-5gv4-984h", "package-lock.json", 83, "critical", "upgrade minimist 1.2.5 -> 1.2.6"),
    }
    entry = scanner(report)
    assert sorted(entry["scanned"]) == ["package-lock.json", "package.json", "packages/ui/package.json"]
    inventory = {c["purl"]: c for c in entry["inventory"]}
    assert len(inventory) == 11  # the lock file answers: no package.json ranges beside it
    express = inventory["pkg:npm/express@4.17.1"]
    assert (express["path"], express["line"], express["depends_on"]) == (
        "package-lock.json",
        48,
        ["pkg:npm/debug@2.6.9"],
    )
    kinds = {k["kind"]: k for k in report["scan"]["coverage"]["kinds"]}
    assert kinds["npm-lock"]["analysed"] == 1 and kinds["npm-manifest"]["analysed"] == 2


def test_pinned_npm_components_are_never_passed_without_npm_advisory_data(tmp_path: Path) -> None:
    code, report, stderr = scan(copy("npm-v3", tmp_path), "--advisories", str(MAVEN_ADVISORIES))
    assert code == 2
    assert "holds no npm advisories (it holds: Maven), so the npm dependencies cannot be audited" in stderr
    assert scanner(report)["status"] == "error" and report["verdict"]["exit_code"] == 2


def test_a_package_json_without_a_lock_file_is_one_inventory_gap(tmp_path: Path) -> None:
    root = tmp_path / "web"
    root.mkdir()
    (root / "package.json").write_text(
        '{\n  "name": "web",\n  "dependencies": {\n    "lodash": "^4.17.15",\n    "express": "~4.17.1",\n'
        '    "left-pad": "*",\n    "qs": ">=6"\n  }\n}\n'
    )
    code, report, _ = scan(root)
    assert code == 0  # a low finding, under the default threshold; nothing pinned needs advisory data
    (finding,) = report["findings"]
    assert finding["rule_id"] == "dependency-unpinned"
    assert (finding["location"]["path"], finding["location"]["start_line"]) == ("package.json", 4)
    assert finding["message"].startswith(
        "package.json declares 4 dependencies (lodash@^4.17.15, express@~4.17.1, left-pad@* and 1 more) and no "
        "package-lock.json"
    )
    assert finding["remediation"].startswith("commit the lock file your package manager writes")
    assert [c["unpinned_reason"] for c in scanner(report)["inventory"]] == [
        "declared as a range in package.json with no lock file beside it"
    ] * 4
    # one more range: still the same finding (its fingerprint survives, so a baseline keeps it)
    text = (root / "package.json").read_text()
    (root / "package.json").write_text(text.replace('"qs": ">=6"', '"qs": ">=6",\n    "ms": "^2"'))
    _, again, _ = scan(root)
    assert [f["fingerprint"] for f in again["findings"]] == [finding["fingerprint"]]
    assert "declares 5 dependencies" in again["findings"][0]["message"]


def test_a_workspace_member_is_answered_by_the_lock_file_above_it(tmp_path: Path) -> None:
    root = copy("npm-v3", tmp_path)
    (root / "package-lock.json").rename(root / "yarn.lock")  # any lock file above the member counts
    (root / "yarn.lock").write_text('# yarn lockfile v1\n\nlodash@4.17.11:\n  version "4.17.11"\n')
    code, report, stderr = scan(root, "--advisories", str(MAVEN_ADVISORIES))
    assert [f for f in report["findings"] if f["rule_id"] == "dependency-unpinned"] == []
    assert code == 2 and "holds no npm advisories" in stderr  # lodash is pinned: the store has no npm data


def test_an_unresolved_maven_version_is_listed_with_its_reason(tmp_path: Path) -> None:
    code, report, stderr = scan(copy("maven-child-orphan", tmp_path), "--advisories", str(MAVEN_ADVISORIES))
    assert code == 0, stderr  # the one resolved component has no advisory; the unresolved one is a low finding
    (finding,) = report["findings"]
    assert finding["title"] == "Unresolved dependency: org.springframework.boot:spring-boot-starter-web"
    assert (finding["location"]["path"], finding["location"]["start_line"]) == ("pom.xml", 27)
    assert "needs parent POM org.springframework.boot:spring-boot-starter-parent:2.6.5" in finding["message"]
    assert "mvn dependency:tree" in finding["remediation"]
    unresolved = [c for c in scanner(report)["inventory"] if c["version"] is None]
    assert [c["purl"] for c in unresolved] == ["pkg:maven/org.springframework.boot/spring-boot-starter-web"]
    assert unresolved[0]["unpinned_reason"].startswith("unresolved: no version in this POM")


def test_requirements_takes_build_tool_output_recognised_by_content(tmp_path: Path) -> None:
    root = tmp_path / "svc"
    root.mkdir()
    (root / "app.py").write_text("print('hi')\n")
    handed = tmp_path / "deps.txt"
    shutil.copy(FIXTURES / "build-output/mvn-dependency-tree.txt", handed)
    code, report, stderr = scan(root, "--requirements", str(handed), "--advisories", str(MAVEN_ADVISORIES))
    assert code == 1, stderr
    log4shell = [f for f in report["findings"] if f["properties"]["package"] == "org.apache.logging.log4j:log4j-core"]
    assert [(f["severity"], f["location"]["path"]) for f in log4shell] == [("critical", "../deps.txt")]
    assert "GHSA-jfh8-c2jp-5v3q" in {a["id"] for a in log4shell[0]["properties"]["advisories"]}
    assert scanner(report)["scanned"] == ["../deps.txt"]
    purls = {c["purl"] for c in scanner(report)["inventory"]}
    assert "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" in purls


def test_a_lock_file_that_cannot_be_read_is_lost_coverage(tmp_path: Path) -> None:
    root = tmp_path / "web"
    root.mkdir()
    (root / "package.json").write_text('{"dependencies": {"lodash": "^4.17.15"}}\n')
    (root / "pnpm-lock.yaml").write_text("lockfileVersion: '6.0'\npackages:\n  /lodash@4.17.11: [\n")
    (root / "pom.xml").write_text('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/hostname">]><project>&x;</project>\n')
    code, report, stderr = scan(root)
    assert code == 2
    skipped = {s["path"]: s["reason"] for s in scanner(report)["skipped"]}
    assert skipped["pnpm-lock.yaml"].startswith("invalid YAML at line 4")
    assert skipped["pom.xml"] == "refused: DTDForbidden (a POM needs no DTD or entities)"
    assert scanner(report)["status"] == "partial"
    assert "pnpm-lock.yaml" in stderr


def test_a_gradle_build_script_is_covered_by_its_lock_file_only(tmp_path: Path) -> None:
    root = copy("gradle-app", tmp_path)
    _, report, _ = scan(root)
    kinds = {k["kind"]: k for k in report["scan"]["coverage"]["kinds"]}
    assert kinds["gradle-build"]["analysed"] == 1 and kinds["gradle-build"]["analysers"] == ["dependencies"]
    assert kinds["maven-manifest"]["analysed"] == 1
    (root / "gradle.lockfile").unlink()
    (root / "README.md").write_text("a Gradle project without dependency locking\n")
    proc = run_cli(
        "scan", str(root), "--scanner", "dependencies", "--scanner", "secrets", "--format", "json", "--no-cache"
    )
    kinds = {k["kind"]: k for k in json.loads(proc.stdout)["scan"]["coverage"]["kinds"]}
    assert kinds["gradle-build"]["not_covered"] == kinds["gradle-build"]["unsupported"] == ["build.gradle"]
