"""No secret ever leaves redacted form: a property over random credentials and card numbers.

Hypothesis plants random secrets (AWS key pairs, Stripe live keys, GitHub tokens, passwords in
connection strings and in assignments that bandit quotes back, Luhn-valid card numbers, some with
separators) in random files among random lines, then scans, and looks for every planted value in:
every output format (`gatekeeper.reports.FORMATS`), the console, the log records, and every file
of the result cache, on a fresh run and on a second run served from the cache. Each planted
secret must also be found (else "nothing leaked" could just mean "nothing reported").

The property runs the engine in-process (secrets and bandit: bandit is the scanner that quotes
passwords in its messages); one CLI pass with every scanner, semgrep included, checks the same
through the real command line, its standard streams and its cache directory.

Values are generated at run time, so no credential-shaped literal sits in this file.
"""

from __future__ import annotations

import html
import io
import json
import logging
import random
import re
import string
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from gatekeeper import engine
from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from gatekeeper.reports import FORMATS, console, renderer
from gatekeeper.secrets.pan import is_synthetic, luhn_valid
from gatekeeper.secrets.placeholders import is_placeholder, looks_fake
from tests.reliability.helpers import gate

ALNUM = string.ascii_letters + string.digits
PASSWORD_CHARS = ALNUM + "-_.~!*"


@dataclass(frozen=True)
class Secret:
    kind: str
    value: str
    """What must never appear in full."""
    line: str
    """The line it is planted on (may hold other text)."""
    suffixes: tuple[str, ...]
    """File types the line is at home in."""

    def forms(self) -> set[str]:
        """The value and, for a card number, its digits alone: either in full is a leak."""
        forms = {self.value}
        if self.kind == "card":
            forms.add(re.sub(r"\D", "", self.value))
        return forms


def _random(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def _card(rng: random.Random) -> str:
    prefix = rng.choice(["4", "51", "52", "53", "54", "55", "2221", "6011", "34", "37"])
    length = 15 if prefix in ("34", "37") else 16
    body = prefix + _random(rng, string.digits, length - len(prefix) - 1)
    return next(body + d for d in string.digits if luhn_valid(body + d))


def make_secret(kind: str, seed: int) -> Secret:
    rng = random.Random(seed)
    if kind == "aws-key-id":
        value = "AKIA" + _random(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        return Secret(kind, value, f'AWS_ACCESS_KEY_ID = "{value}"', (".py", ".env", ".ini"))
    if kind == "aws-secret-key":
        value = _random(rng, ALNUM + "+/", 40)
        return Secret(kind, value, f"aws_secret_access_key = {value}", (".ini", ".cfg", ".env"))
    if kind == "stripe-live-key":
        value = "sk_live_" + _random(rng, ALNUM, rng.randint(24, 40))
        return Secret(kind, value, f'stripe.api_key = "{value}"', (".py", ".js", ".txt"))
    if kind == "github-token":
        value = "ghp_" + _random(rng, ALNUM, 36)
        return Secret(kind, value, f"GITHUB_TOKEN: {value}", (".yaml", ".yml", ".env"))
    if kind == "connection-string":
        value = _random(rng, PASSWORD_CHARS, rng.randint(14, 28))
        user = _random(rng, string.ascii_lowercase, 6)
        return Secret(
            kind,
            value,
            f'DATABASE_URL = "postgresql://{user}:{value}@db.internal:5432/payments"',
            (".py", ".env", ".txt"),
        )
    if kind == "password-assignment":
        value = _random(rng, PASSWORD_CHARS, rng.randint(14, 28))
        return Secret(kind, value, f'db_password = "{value}"', (".py",))
    if kind == "card":
        digits = _card(rng)
        separator = rng.choice(["", " ", "-"])
        value = separator.join(digits[i : i + 4] for i in range(0, len(digits), 4)) if separator else digits
        return Secret(kind, value, f"# charge card={value} amount=12.50", (".log", ".txt", ".py", ".yaml", ".env"))
    raise AssertionError(kind)


KINDS = (
    "aws-key-id",
    "aws-secret-key",
    "stripe-live-key",
    "github-token",
    "connection-string",
    "password-assignment",
    "card",
)


def realistic(secret: Secret) -> bool:
    """Random values that the detectors deliberately treat as made up are out of the property:
    a placeholder-looking password, a card number with seven repeated or consecutive digits."""
    if secret.kind in ("connection-string", "password-assignment"):
        return not is_placeholder(secret.value) and not looks_fake(secret.value)
    if secret.kind == "card":
        return not is_synthetic(re.sub(r"\D", "", secret.value))
    return not looks_fake(secret.value)


# Valid Python in .py files (so that bandit reads them, and quotes what it finds), anything elsewhere.
PYTHON_FILLER = st.lists(
    st.sampled_from(["", "import os", "x = 1", "# settings", "TIMEOUT = 30", "log = print"]), max_size=12
)
OTHER_FILLER = st.lists(
    st.sampled_from(["", "# settings", "timeout = 30", "name: payments", "[section]", "x=1"]), max_size=12
)


@st.composite
def plantings(draw: st.DrawFn) -> list[tuple[str, list[str], Secret]]:
    """A few files, each with a few secrets among filler lines: (file name, lines, secrets)."""
    files = []
    for index in range(draw(st.integers(1, 3))):
        secrets = [
            make_secret(draw(st.sampled_from(KINDS)), draw(st.integers(0, 2**32)))
            for _ in range(draw(st.integers(1, 3)))
        ]
        for secret in secrets:
            assume(realistic(secret))
        suffix = draw(st.sampled_from(sorted(set.intersection(*(set(s.suffixes) for s in secrets)) or {".txt"})))
        filler = PYTHON_FILLER if suffix == ".py" else OTHER_FILLER
        lines: list[str] = []
        for secret in secrets:
            lines += draw(filler)
            lines.append(secret.line)
        lines += draw(filler)
        files.append((f"service{index}/config{index}{suffix}", lines, secrets))
    return files


def plant(root: Path, files: list[tuple[str, list[str], Secret]]) -> dict[tuple[str, int], Secret]:
    where: dict[tuple[str, int], Secret] = {}
    for name, lines, secrets in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n")
        for secret in secrets:
            where[(name, lines.index(secret.line) + 1)] = secret
    return where


def views(text: str) -> Iterator[str]:
    """The text, and the text with the escaping of each format undone (JSON and Markdown
    backslashes, HTML entities, the zero-width spaces that break links): a value escaped is
    still a value shown."""
    yield text
    plain = text.replace("\\", "").replace("\u200b", "")
    yield plain
    yield html.unescape(plain)
    yield re.sub(r"(?<=\d)[ -](?=\d)", "", plain)


def leaks(text: str, secrets: list[Secret]) -> list[tuple[str, str]]:
    return [(s.kind, form) for view in views(text) for s in secrets for form in s.forms() if form in view]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def outputs(result, policy: Policy) -> dict[str, str]:  # type: ignore[no-untyped-def]
    outcome = verdict(result, policy)
    rendered = {name: renderer(name)(result, outcome, policy) for name in FORMATS}
    terminal = io.StringIO()
    console.write(Console(file=terminal, force_terminal=True, width=100), result, outcome, policy)
    rendered["terminal"] = terminal.getvalue()
    return rendered


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(plantings())
def test_no_planted_secret_leaves_redacted_form(files: list[tuple[str, list[str], Secret]]) -> None:
    # Everything gatekeeper logs, at any level; from other libraries, what reaches a user (warnings
    # and up, which Python prints on standard error when nothing else is configured).
    records = Records()
    root_logger, own = logging.getLogger(), logging.getLogger("gatekeeper")
    previous = own.level
    root_logger.addHandler(records)
    own.setLevel(logging.DEBUG)
    own.getChild("reliability").debug("canary")
    try:
        with tempfile.TemporaryDirectory(prefix="gatekeeper-leaks-") as tmp:
            project, cache = Path(tmp) / "project", Path(tmp) / "cache"
            planted = plant(project, files)
            secrets = list(planted.values())
            request = engine.ScanRequest(paths=(project,), scanners=("bandit", "secrets"), cache_dir=cache, jobs=1)
            for run in ("fresh", "from the cache"):
                result = engine.run(request)
                found = {(f.location.path, f.location.start_line) for f in result.findings if "secrets" in f.scanners}
                missed = [(where, s.kind) for where, s in planted.items() if where not in found]
                assert not missed, f"{run}: planted secrets not found: {missed}"
                for name, text in outputs(result, Policy()).items():
                    assert not leaks(text, secrets), f"{run}: {name} output shows {leaks(text, secrets)}"
            for entry in sorted(p for p in cache.rglob("*") if p.is_file()):
                text = entry.read_bytes().decode("utf-8", errors="replace")
                assert not leaks(text, secrets), f"cache entry {entry.name} holds {leaks(text, secrets)}"
        assert "canary" in records.lines  # the capture works
        assert not leaks("\n".join(records.lines), secrets), "a log record shows a secret"
    finally:
        root_logger.removeHandler(records)
        own.setLevel(previous)


def test_no_secret_leaves_the_cli_in_any_output_stream_or_file(tmp_path: Path) -> None:
    """Every kind at once, through the command line with every scanner, twice (the second run from
    the cache): standard output and error, every report file, every cache file."""
    rng = random.Random(20)
    secrets = []
    for kind in KINDS:
        secret = make_secret(kind, rng.randrange(2**32))
        while not realistic(secret):
            secret = make_secret(kind, rng.randrange(2**32))
        secrets.append(secret)
    files = [(f"src/{s.kind}{s.suffixes[0]}", ["# settings", s.line, ""], [s]) for s in secrets]
    planted = plant(tmp_path / "project", files)
    out, cache = tmp_path / "out", tmp_path / "cache"
    for run in ("fresh", "cached"):
        args = ["scan", str(tmp_path / "project"), "--cache-dir", str(cache)]
        for name in FORMATS:
            args += ["-o", f"{name}={out}/{run}/report.{name}"]
        proc = gate(*args)
        assert proc.returncode == 1, proc.stderr
        for stream, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            assert not leaks(text, secrets), f"{run}: {stream} shows {leaks(text, secrets)}"
        github = gate("report", f"{out}/{run}/report.json", "--format", "github")
        assert not leaks(github.stdout, secrets)
    written = [p for p in (*out.rglob("*"), *cache.rglob("*")) if p.is_file()]
    assert len(written) >= 2 * len(FORMATS)
    for path in written:
        assert not leaks(path.read_bytes().decode("utf-8", errors="replace"), secrets), path
    report = (out / "fresh" / "report.json").read_text()
    for name, line in planted:
        assert f'"path": "{name}"' in report and f'"start_line": {line}' in report


def realistic_secret(kind: str, seed: int) -> Secret:
    secret = make_secret(kind, seed)
    while not realistic(secret):
        seed += 1
        secret = make_secret(kind, seed)
    return secret


def test_no_secret_from_the_policy_or_the_advisory_data_leaves_the_cli(tmp_path: Path) -> None:
    """The policy file and the advisory data are text under review too: a key in a waiver's reason,
    owner and ticket or in a scope's description, and a token in an advisory's summary, details,
    aliases and references, reach no output in full: no report format, standard output or error,
    `config show`, or a report rendered again from the saved result."""
    key, token = realistic_secret("aws-key-id", 8), realistic_secret("github-token", 9)
    project, osv = tmp_path / "project", tmp_path / "osv" / "leaky-pkg"
    project.mkdir()
    osv.mkdir(parents=True)
    (project / "requirements.txt").write_text("leaky-pkg==1.0.0\n")
    expires = (datetime.now(timezone.utc).date() + timedelta(days=20)).isoformat()
    (project / ".gatekeeper.yml").write_text(
        "version: 1\n"
        f"scopes:\n  - name: cde\n    description: payments, account {key.value}\n    paths: [payments/**]\n"
        "waivers:\n  - advisory: PYSEC-2099-900\n"
        f"    reason: mitigated upstream, test account {key.value}\n    owner: security {key.value}\n"
        f"    ticket: SEC-1 {key.value}\n    expires: {expires}\n"
    )
    (osv / "PYSEC-2099-900.json").write_text(
        json.dumps(
            {
                "id": "PYSEC-2099-900",
                "modified": "2024-05-02T00:00:00Z",
                "summary": f"leaky-pkg logs the token {token.value}",
                "details": f"Found with {token.value}.",
                "aliases": [f"GHSA-{token.value}"],
                "references": [{"type": "WEB", "url": f"https://example.com/report?token={token.value}"}],
                "affected": [
                    {
                        "package": {"name": "leaky-pkg", "ecosystem": "PyPI"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1"}]}],
                    }
                ],
                "database_specific": {"severity": "HIGH"},
            }
        )
    )
    out = tmp_path / "out"
    args = ["scan", str(project), "--scanner", "dependencies", "--advisories", str(osv.parent)]
    for name in FORMATS:
        args += ["-o", f"{name}={out}/report.{name}"]
    scan = gate(*args)
    # The waiver, masked, still waives the advisory: redaction changed no match.
    assert scan.returncode == 0, scan.stderr
    shown = {"stdout": scan.stdout, "stderr": scan.stderr}
    shown.update({name: (out / f"report.{name}").read_text(encoding="utf-8") for name in FORMATS})
    for fmt in ("yaml", "json"):
        shown[f"config show {fmt}"] = gate("config", "show", str(project), "--format", fmt).stdout
    shown["report github"] = gate("report", str(out / "report.json"), "--format", "github").stdout
    for name, text in shown.items():
        assert not leaks(text, [key, token]), f"{name} shows {leaks(text, [key, token])}"
    report = json.loads(shown["json"])
    (state,) = report["waivers"]
    assert state["status"] == "active" and state["reason"] == f"mitigated upstream, test account {key.value[:4]}…"
    assert report["policy"]["waivers"][0]["owner"] == f"security {key.value[:4]}…"
    (finding,) = report["findings"]
    assert finding["properties"]["suppression"]["justification"] == state["reason"]
    assert f"{token.value[:4]}…" in finding["title"]
    assert f"https://example.com/report?token={token.value[:4]}…" in finding["references"]
    assert f"{key.value[:4]}…" in shown["html"] and f"{key.value[:4]}…" in shown["config show yaml"]
