"""The event stream as the engine drives it: what is published when, redacted how; the run's identity."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

import pytest

from gatekeeper import engine
from gatekeeper.events.identity import Identity, ci_job, identify, repository
from gatekeeper.events.stream import EventStream
from gatekeeper.scanners.base import Scanner, ScannerResult
from gatekeeper.targets import Targets
from tests.compliance import factory
from tests.events.ocsf_check import validate
from tests.reliability.helpers import plant_evidence

IDENTITY = Identity("https://git.example/payments", "c0ffee", {}, "sha256:" + "0" * 64, ".gatekeeper.yml")
# A value only the secrets scanner knows to be secret: no detector would recognise it on its own.
OPAQUE = "Zq3-kV9-mR2-pL7-xW4"


class Recorder:
    """Stands in for the Publisher: what was published, in order."""

    def __init__(self) -> None:
        self.published: list[list[dict[str, Any]]] = []

    def publish(self, events: Sequence[dict[str, Any]]) -> None:
        self.published.append(list(events))

    def close(self) -> list[Any]:
        return []

    def classes(self) -> list[list[tuple[int, str]]]:
        return [[(e["class_uid"], e.get("scan", {}).get("name", "")) for e in batch] for batch in self.published]


class Named:
    def __init__(self, name: str, sensitive: bool) -> None:
        self.name, self.reports_sensitive = name, sensitive


def started(tmp_path: Path, recorder: Recorder) -> EventStream:
    (tmp_path / "app.py").write_text(f"token = '{OPAQUE}'\n")
    stream = EventStream(recorder, IDENTITY, run_uid="run-1")  # type: ignore[arg-type]
    scanners: dict[str, Any] = {"bandit": Named("bandit", False), "secrets": Named("secrets", True)}
    stream.scan_started(scanners, Targets(tmp_path, ("app.py",), (), False))
    return stream


def linter_result() -> ScannerResult:
    quoted = factory.finding("B105", scanner="bandit", cwe=("CWE-259",), message=f"Hardcoded: '{OPAQUE}'", line=1)
    return ScannerResult("bandit", "1.9", findings=(quoted,), scanned=("app.py",))


def test_findings_wait_for_the_scanner_whose_secrets_redact_them(tmp_path: Path) -> None:
    recorder = Recorder()
    stream = started(tmp_path, recorder)
    assert recorder.classes() == [[(6007, "gatekeeper")]]
    stream.scanner_finished(linter_result(), ["app.py"])
    # Its coverage at once; its findings not yet: the secrets scanner may know a value they quote.
    assert recorder.classes()[1] == [(6007, "bandit")]
    stream.scanner_finished(
        ScannerResult("secrets", "1", scanned=("app.py",), sensitive=frozenset({OPAQUE})), ["app.py"]
    )
    assert recorder.classes()[2] == [(6007, "secrets"), (2007, "")]
    event = recorder.published[2][1]
    assert OPAQUE not in repr(recorder.published) and OPAQUE[:4] + "…" in event["vulnerabilities"][0]["desc"]
    assert event["unmapped"]["gatekeeper"]["blocking"] is None  # the gate decides, at the end
    assert event["finding_info"]["uid"]  # fingerprinted like the engine's
    for batch in recorder.published:
        for e in batch:
            validate(e)
            assert e["metadata"]["correlation_uid"] == "run-1"


def test_without_a_secrets_scanner_findings_go_at_once(tmp_path: Path) -> None:
    recorder = Recorder()
    stream = EventStream(recorder, IDENTITY)  # type: ignore[arg-type]
    (tmp_path / "app.py").write_text("x = 1\n")
    stream.scan_started({"bandit": Named("bandit", False)}, Targets(tmp_path, ("app.py",), (), False))  # type: ignore[dict-item]
    stream.scanner_finished(linter_result(), ["app.py"])
    assert recorder.classes()[1] == [(6007, "bandit"), (2007, "")]


def test_the_end_reconciles_what_the_final_stage_changed(tmp_path: Path) -> None:
    recorder = Recorder()
    stream = EventStream(recorder, IDENTITY)  # type: ignore[arg-type]
    (tmp_path / "app.py").write_text("\n" * 20)
    stream.scan_started({"semgrep": Named("semgrep", False)}, Targets(tmp_path, ("app.py",), (), False))  # type: ignore[dict-item]
    gone = factory.finding("dropped-rule", line=3)
    kept = factory.finding("python-sql-injection", line=10)
    stream.scanner_finished(ScannerResult("semgrep", "1", findings=(gone, kept), scanned=("app.py",)), ["app.py"])
    streamed = {e["finding_info"]["uid"]: e for e in recorder.published[1] if e["class_uid"] == 2007}
    # The final stage dropped one (dedup, corroboration) and kept the other, which blocks.
    final_kept = replace(kept, fingerprint=streamed_uid(streamed, "python-sql-injection"))
    scan, verdict, policy = factory.judged(factory.result([final_kept]))
    stream.finished(scan, verdict, policy)
    stream.close()
    end = recorder.published[-1]
    closed = [e for e in end if e["activity_id"] == 3]
    assert [e["finding_info"]["uid"] for e in closed] == [streamed_uid(streamed, "dropped-rule")]
    updated = [e for e in end if e["class_uid"] == 2007 and e["activity_id"] == 2]
    assert [e["unmapped"]["gatekeeper"]["blocking"] for e in updated] == [True]
    assert any(e["class_uid"] == 2003 for e in end)
    assert end[-1]["unmapped"]["gatekeeper"]["verdict"] == "failed"
    for e in end:
        validate(e)


def streamed_uid(streamed: dict[str, dict[str, Any]], rule: str) -> str:
    return next(uid for uid, e in streamed.items() if e["unmapped"]["gatekeeper"]["rule_id"] == rule)


class Listener:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def scan_started(self, scanners: dict[str, Scanner], targets: Targets) -> None:
        self.calls.append(("started", sorted(scanners)))

    def scanner_finished(self, result: ScannerResult, handled: Sequence[str]) -> None:
        self.calls.append(("finished", (result.scanner, [f.rule_id for f in result.findings], list(handled))))


@pytest.mark.slow
def test_the_engine_tells_the_listener_each_whole_result_reused_or_fresh(tmp_path: Path) -> None:
    root = plant_evidence(tmp_path / "repo")
    request = engine.ScanRequest(paths=(root,), scanners=("secrets",), cache_dir=tmp_path / "cache")
    for _ in range(2):  # the second run reuses every file's result from the cache
        listener = Listener()
        result = engine.run(request, listener=listener)
        assert listener.calls == [
            ("started", ["secrets"]),
            ("finished", ("secrets", ["secrets-aws-access-key"], ["app.py", "requirements.txt", "settings.py"])),
        ]
        assert [f.rule_id for f in result.findings] == ["secrets-aws-access-key"]


@pytest.mark.slow
def test_disabled_rules_are_not_streamed(tmp_path: Path) -> None:
    root = plant_evidence(tmp_path / "repo")
    listener = Listener()
    engine.run(
        engine.ScanRequest(paths=(root,), scanners=("secrets",), disabled_rules=frozenset({"secrets-aws-access-key"})),
        listener=listener,
    )
    assert listener.calls[1] == ("finished", ("secrets", [], ["app.py", "requirements.txt", "settings.py"]))


def test_ci_jobs_and_repositories_are_identified() -> None:
    assert ci_job(
        {"JENKINS_URL": "https://ci", "JOB_NAME": "gate", "BUILD_NUMBER": "7", "BUILD_URL": "https://ci/7"}
    ) == {
        "service": "jenkins",
        "job": "gate",
        "run_id": "7",
        "url": "https://ci/7",
    }
    assert ci_job({"GITLAB_CI": "true", "CI_JOB_ID": "9", "CI_JOB_NAME": "sast"})["service"] == "gitlab-ci"
    assert ci_job({"TRAVIS": "true", "TRAVIS_JOB_ID": "3"}) == {"service": "travis-ci", "run_id": "3"}
    assert ci_job({}) == {}
    assert repository({"CI_PROJECT_URL": "https://gitlab.example/a/b"}, Path(".")) == "https://gitlab.example/a/b"


@pytest.mark.parametrize(
    ("remote", "shown"),
    [
        ("https://ci-bot:ghp_notarealtoken1234@git.example:8443/org/repo.git", "https://git.example:8443/org/repo.git"),
        ("git@git.example:org/repo.git", "git.example:org/repo.git"),
        ("https://git.example/org/repo.git", "https://git.example/org/repo.git"),
    ],
)
def test_a_remote_loses_its_credentials(remote: str, shown: str, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote], check=True)
    identity = identify(tmp_path, "sha256:x", "")
    assert identity.repository == shown
    assert identity.commit is None  # no commit yet


def test_an_event_that_cannot_be_built_is_recorded_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    stream = started(tmp_path, recorder)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(stream.events, "activity", broken)
    stream.scanner_finished(linter_result(), ["app.py"])  # no exception reaches the scanner's thread
    assert stream.errors == ["events not built: KeyError: 'boom'"]
    assert len(recorder.published) == 1  # only the start event, sent before the fault
