"""The rule pack semgrep runs: the bundled one and the policy's own (`rules.packs`), what they
contain, how they are validated, and their digests for attribution."""

from __future__ import annotations

import fnmatch
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from gatekeeper.cache import ResultCache, digest
from gatekeeper.errors import GatekeeperError
from gatekeeper.filekinds import (
    DATA_LANGUAGES,
    KINDS,
    SEMGREP_PSEUDO_LANGUAGES,
    known_semgrep_language,
    semgrep_language_kinds,
)
from gatekeeper.findings import Severity, cwe_number

BUNDLED = "bundled"
"""How the evidence names the rule pack that ships with gatekeeper."""

LEVEL_SEVERITY = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "ERROR": Severity.HIGH,
    "MEDIUM": Severity.MEDIUM,
    "WARNING": Severity.MEDIUM,
    "LOW": Severity.LOW,
    "INFO": Severity.LOW,
}
"""semgrep's rule severities (its levels, and since 1.72 its reporting severities) on gatekeeper's
scale, for rules without a `metadata.severity`; its experimental ones yield no findings to gate on."""

# libyaml's C parser and emitter when PyYAML was built with it: the pack is parsed on every scan.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _PlainDumper(_DUMPER):  # type: ignore[misc,valid-type]
    """No `&anchor`/`*alias` pairs for values rule files share: osemgrep's YAML reader rejects them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or pure Python


def default_rules_dir() -> Path:
    """Rules ship inside the wheel as `gatekeeper/_rules`; a source checkout uses `rules/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if (candidate / "semgrep").is_dir():
            return candidate
    raise GatekeeperError(f"the bundled rule pack is missing (looked in {here / '_rules'})")


def is_rule_file(path: Path) -> bool:
    # semgrep's own test-target convention: `name.test.yaml` is a test file, not a rule file.
    return path.suffix in (".yaml", ".yml") and not path.name.endswith((".test.yaml", ".test.yml"))


@dataclass(frozen=True)
class UserPack:
    """A directory of an organisation's own semgrep rules (the policy's `rules.packs`)."""

    name: str
    """As the policy writes it: how errors and the evidence name the pack."""
    path: Path


@dataclass(frozen=True)
class RulePack:
    root: Path
    cache: ResultCache | None = field(default=None, compare=False)
    """Where the parsed pack is kept, keyed by its digest: parsing its 65 YAML files costs every
    scan about 0.05 s, a warm one a tenth of its time."""
    packs: tuple[UserPack, ...] = ()
    """User packs, validated like the bundled one and run with it, in the same semgrep process."""

    @cached_property
    def semgrep_files(self) -> tuple[Path, ...]:
        return _rule_files(self.root / "semgrep") + tuple(f for pack in self.packs for f in _pack_files(pack))

    def check(self) -> None:
        """Read and validate every rule now: a broken pack fails the run before anything is scanned."""
        if not self.semgrep_rules:
            raise GatekeeperError(f"{self.root}: the rule pack holds no semgrep rules")

    @cached_property
    def semgrep_rules(self) -> tuple[dict[str, Any], ...]:
        if self.cache is None:
            return tuple(self._parse_semgrep_rules())
        # Imported here: the incremental module imports the scanners, which import this one.
        from gatekeeper.incremental import code_digest

        # Keyed by gatekeeper's code too: a parse kept by a version that checked rules less strictly
        # must not let a user pack skip today's checks (check_rule).
        key = digest(["semgrep-rules", self.digest, yaml.__version__, code_digest()])
        cached = self.cache.get(key)
        if isinstance(cached, list):
            return tuple(cached)
        rules = self._parse_semgrep_rules()
        # Only what JSON holds exactly (no dates, no non-string keys) is kept.
        if _json_exact(rules):
            self.cache.put(key, rules)
        return tuple(rules)

    def _parse_semgrep_rules(self) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = []
        seen: dict[str, Path] = {}
        for path in self.semgrep_files:
            for rule in _read_rule_file(path):
                check_rule(rule, path)
                if rule["id"] in seen:
                    # One id, two rules: findings, waivers and `rules.disable` could not tell them apart.
                    raise GatekeeperError(
                        f"{path}: rule '{rule['id']}' has the same id as a rule in {seen[rule['id']]} "
                        "(rule ids are unique across the bundled pack and rules.packs)"
                    )
                seen[rule["id"]] = path
                rules.append(rule)
        return rules

    @cached_property
    def rule_sources(self) -> dict[str, Path]:
        """Which file each rule comes from, so an error in the merged pack names the file to fix."""
        sources: dict[str, Path] = {}
        for path in self.semgrep_files:
            doc = load_yaml(path.read_text(encoding="utf-8"))
            sources.update({rule["id"]: path for rule in doc["rules"]})
        return sources

    @cached_property
    def merged_config(self) -> str:
        """The whole pack as one semgrep config: semgrep parses one file about twice as fast as
        the same rules spread over dozens of `--config` files."""
        return yaml.dump({"rules": list(self.semgrep_rules)}, Dumper=_PlainDumper, sort_keys=False)

    def rule_at_line(self, line: int) -> str | None:
        """The id of the rule whose text covers `line` (1-based) of `merged_config`."""
        current = None
        for text in self.merged_config.splitlines()[:line]:
            if text.startswith("- id: "):
                current = load_yaml(text[len("- id: ") :])
        return str(current) if current is not None else None

    @cached_property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(r["id"] for r in self.semgrep_rules)

    @cached_property
    def digest(self) -> str:
        """What semgrep ran, so evidence names the exact rules and cached results are keyed by them:
        the bundled pack's digest alone, or, with user packs, sha256 over every pack's digest."""
        if not self.packs:
            return self.attribution[0][1]
        combined = hashlib.sha256()
        for _name, value in self.attribution:
            combined.update(value.encode() + b"\0")
        return "sha256:" + combined.hexdigest()

    @cached_property
    def attribution(self) -> tuple[tuple[str, str], ...]:
        """(name, digest) of each pack: the bundled one first, then the user packs in policy order."""
        return ((BUNDLED, tree_digest(self.root)), *((pack.name, _pack_digest(pack)) for pack in self.packs))

    def normalise_rule_id(self, check_id: str) -> str:
        """semgrep prefixes ids with the config path (`rules.semgrep.python.x`); map back to `x`."""
        if check_id in self.rule_ids:
            return check_id
        matches = [i for i in self.rule_ids if check_id.endswith("." + i)]
        return max(matches, key=len) if matches else check_id

    @cached_property
    def _file_matchers(self) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        suffixes: set[str] = set()
        names: set[str] = set()
        anything = False
        for rule in self.semgrep_rules:
            for language in (str(x).lower() for x in rule.get("languages", [])):
                if language in SEMGREP_PSEUDO_LANGUAGES:
                    includes = (rule.get("paths") or {}).get("include") or []
                    if not includes:
                        anything = True
                    names.update(str(i).lstrip("/") for i in includes)
                elif language in DATA_LANGUAGES:
                    suffixes.update(DATA_LANGUAGES[language])
                else:
                    for kind in semgrep_language_kinds(language):
                        suffixes.update(kind.semgrep_suffixes)
                        names.update(() if kind.semgrep_suffixes else kind.names)
        return tuple(sorted(suffixes)), tuple(sorted(names)), anything

    def semgrep_handles(self, path: str) -> bool:
        suffixes, names, anything = self._file_matchers
        if anything:
            return True
        pure = PurePosixPath(path)
        if pure.suffix in suffixes:
            return True
        return any(fnmatch.fnmatch(pure.name, n) or fnmatch.fnmatch(path, n) for n in names)

    @cached_property
    def analysed_kinds(self) -> frozenset[str]:
        """The file kinds (gatekeeper/filekinds.py) some rule of the pack analyses: a YAML file is
        not "covered" as a Kubernetes manifest unless a Kubernetes rule exists."""
        kinds: set[str] = set()
        for rule in self.semgrep_rules:
            rule_id = str(rule["id"])
            for language in (str(x).lower() for x in rule.get("languages", [])):
                kinds.update(
                    kind.id
                    for kind in KINDS
                    if language in kind.semgrep_languages
                    and (not kind.rule_prefixes or rule_id.startswith(kind.rule_prefixes))
                )
        return frozenset(kinds)


def tree_digest(root: Path) -> str:
    """sha256 over every file under `root` (path and content)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


def _rule_files(base: Path) -> tuple[Path, ...]:
    return tuple(sorted(p for p in base.rglob("*") if p.is_file() and is_rule_file(p)))


def _pack_files(pack: UserPack) -> tuple[Path, ...]:
    """A user pack's rule files; none at all is an error: a typo must not pass as a pack of no rules."""
    if not pack.path.is_dir():
        raise GatekeeperError(f"{pack.path}: rule pack '{pack.name}' (rules.packs) is not a directory")
    files = _rule_files(pack.path)
    if not files:
        raise GatekeeperError(
            f"{pack.path}: rule pack '{pack.name}' (rules.packs) holds no semgrep rule files (*.yaml, *.yml)"
        )
    return files


def _pack_digest(pack: UserPack) -> str:
    _pack_files(pack)  # a missing or empty pack is an error, not the digest of nothing
    return tree_digest(pack.path)


def _read_rule_file(path: Path) -> list[Any]:
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GatekeeperError(f"{path}: cannot read rule file: {_one_line(exc)}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise GatekeeperError(f"{path}: not a semgrep rule file (no top-level 'rules' list)")
    return list(doc["rules"])


def check_rule(rule: Any, path: Path) -> None:
    """What every rule, bundled or the user's, must carry for its findings to route, map to controls
    and render; the first thing missing is an error naming the file and the rule."""
    if not isinstance(rule, dict) or not isinstance(rule.get("id"), str) or not rule["id"].strip():
        raise GatekeeperError(f"{path}: a rule without an 'id'")
    _check_languages(rule, path)
    _check_report_fields(rule, path)
    _check_cwe(rule, path)


def _check_report_fields(rule: dict[str, Any], path: Path) -> None:
    where = f"{path}: rule '{rule['id']}'"
    message = rule.get("message")
    if not isinstance(message, str) or not message.strip():
        raise GatekeeperError(f"{where} has no 'message' (what its findings say)")
    level = rule.get("severity")
    if not isinstance(level, str) or level not in LEVEL_SEVERITY:
        raise GatekeeperError(f"{where} has severity {_shown(level)}; expected one of {', '.join(LEVEL_SEVERITY)}")
    metadata = rule.get("metadata")
    if not isinstance(metadata, dict):
        raise GatekeeperError(f"{where} has no 'metadata' (metadata.cwe maps its findings to controls)")
    own = metadata.get("severity")
    if own is not None:
        try:
            Severity.parse(str(own))
        except ValueError as exc:
            raise GatekeeperError(f"{where}: metadata.severity {exc}") from None
    # A typo ("yes", "true" quoted) would silently change what the rule reports: only a boolean.
    for flag in ("production-only", "severity-in-context"):
        if not isinstance(metadata.get(flag, False), bool):
            raise GatekeeperError(f"{where}: metadata.{flag} is {_shown(metadata[flag])}; expected true or false")


def _check_cwe(rule: dict[str, Any], path: Path) -> None:
    """A finding maps to controls by its CWE ids (rules/compliance/mapping.yaml): without one, a
    user rule's findings would fall to a catch-all category, or to none."""
    where = f"{path}: rule '{rule['id']}'"
    cwe = rule["metadata"].get("cwe")
    entries = cwe if isinstance(cwe, list) else [cwe] if isinstance(cwe, str) else []
    if not entries:
        raise GatekeeperError(
            f'{where} has no metadata.cwe (e.g. "CWE-95: Eval Injection"), which maps its findings to controls'
        )
    for entry in entries:
        if not isinstance(entry, str) or cwe_number(entry) is None:
            raise GatekeeperError(
                f'{where}: metadata.cwe entry {_shown(entry)} is not a CWE id like "CWE-95: Eval Injection"'
            )


def _shown(value: Any) -> str:
    return "(none)" if value is None else f"'{value}'"


def _check_languages(rule: dict[str, Any], path: Path) -> None:
    """A rule in a language gatekeeper does not route would load and then match nothing, silently."""
    languages = rule.get("languages")
    if not isinstance(languages, list) or not languages:
        raise GatekeeperError(f"{path}: rule '{rule['id']}' has no 'languages' list")
    for language in languages:
        if not known_semgrep_language(str(language)):
            raise GatekeeperError(
                f"{path}: rule '{rule['id']}' names language '{language}', which gatekeeper does not route to any "
                "file (gatekeeper/filekinds.py lists the languages it knows)"
            )


def _json_exact(value: Any) -> bool:
    try:
        return bool(json.loads(json.dumps(value)) == value)
    except (TypeError, ValueError):
        return False


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
