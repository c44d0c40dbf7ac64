"""Who and what an event is about: the repository, the commit, the CI job and the policy.

Read from the variables each CI service sets (GitHub Actions, GitLab CI, Jenkins, Travis CI), else
from git. A remote URL may embed credentials (`https://user:token@host/...`): only its host and
path are kept.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Identity:
    repository: str
    commit: str | None
    ci_job: Mapping[str, str]
    """The CI service and its job's ids and URL; empty outside CI."""
    policy_digest: str
    policy_source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "repository": self.repository,
            "commit": self.commit,
            "ci_job": dict(self.ci_job),
            "policy_digest": self.policy_digest,
            "policy_source": self.policy_source,
        }


def ci_job(env: Mapping[str, str]) -> dict[str, str]:
    if env.get("GITHUB_ACTIONS") == "true":
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        run = f"{server}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{env.get('GITHUB_RUN_ID', '')}"
        return _present(
            service="github-actions",
            workflow=env.get("GITHUB_WORKFLOW"),
            job=env.get("GITHUB_JOB"),
            run_id=env.get("GITHUB_RUN_ID"),
            run_attempt=env.get("GITHUB_RUN_ATTEMPT"),
            url=run if env.get("GITHUB_RUN_ID") else None,
        )
    if env.get("GITLAB_CI") == "true":
        return _present(
            service="gitlab-ci", job=env.get("CI_JOB_NAME"), run_id=env.get("CI_JOB_ID"), url=env.get("CI_JOB_URL")
        )
    if env.get("JENKINS_URL"):
        return _present(
            service="jenkins", job=env.get("JOB_NAME"), run_id=env.get("BUILD_NUMBER"), url=env.get("BUILD_URL")
        )
    if env.get("TRAVIS") == "true":
        return _present(
            service="travis-ci",
            job=env.get("TRAVIS_JOB_NAME"),
            run_id=env.get("TRAVIS_JOB_ID"),
            url=env.get("TRAVIS_JOB_WEB_URL"),
        )
    return {}


def repository(env: Mapping[str, str], root: Path) -> str:
    if env.get("GITHUB_REPOSITORY"):
        return f"{env.get('GITHUB_SERVER_URL', 'https://github.com')}/{env['GITHUB_REPOSITORY']}"
    for name in ("CI_PROJECT_URL", "TRAVIS_REPO_SLUG", "GIT_URL"):
        if env.get(name):
            return _without_credentials(env[name])
    remote = _git(root, "remote", "get-url", "origin")
    if remote:
        return _without_credentials(remote)
    return root.resolve().name


def identify(root: Path, policy_digest: str, policy_source: str) -> Identity:
    """Read before the scan: the start event carries it too."""
    env = os.environ
    commit = _git(root, "rev-parse", "--verify", "--quiet", "HEAD") or None
    return Identity(repository(env, root), commit, ci_job(env), policy_digest, policy_source)


def _without_credentials(url: str) -> str:
    if "://" not in url:
        return url.split("@", 1)[-1] if "@" in url.split(":", 1)[0] else url  # scp-like git@host:path
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _present(**values: str | None) -> dict[str, str]:
    return {k: v for k, v in values.items() if v}


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""
