"""Findings and git repositories for the policy-stage tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from gatekeeper.findings import Finding, LineReader, Location, Severity, assign_fingerprints


def make(
    rule: str = "python-command-injection",
    path: str = "app.py",
    line: int = 1,
    severity: Severity = Severity.HIGH,
    scanners: tuple[str, ...] = ("semgrep",),
    source_rules: tuple[tuple[str, str], ...] | None = None,
    fingerprint: str = "",
    end_line: int = 0,
    properties: tuple[tuple[str, Any], ...] = (),
) -> Finding:
    return Finding(
        rule_id=rule,
        title=rule,
        message="m",
        severity=severity,
        location=Location(path, line, 1, end_line),
        scanners=scanners,
        source_rules=source_rules if source_rules is not None else tuple((s, rule) for s in scanners),
        fingerprint=fingerprint or f"{abs(hash((rule, path, line))) % 16**32:032x}:0",
        properties=properties,
    )


def fingerprinted(root: Path, *findings: Finding) -> list[Finding]:
    """Real fingerprints, from the files under `root`, as the engine assigns them."""
    return assign_fingerprints(findings, LineReader(root))


def git(repo: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_SYSTEM=os.devnull,
    )
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit_all(repo: Path, message: str = "c") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()
