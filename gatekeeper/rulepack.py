"""The bundled rule pack: where it lives, what it contains, and its digest for attribution."""

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
from gatekeeper.filekinds import DATA_LANGUAGES, KINDS, SEMGREP_PSEUDO_LANGUAGES, known_semgrep_language, semgrep_language_kinds

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
class RulePack:
    root: Path
    cache: ResultCache | None = field(default=None, compare=False)
    """Where the parsed pack is kept, keyed by its digest: parsing its 65 YAML files costs every
    scan about 0.05 s, a warm one a tenth of its time."""

    @cached_property
    def semgrep_files(self) -> tuple[Path, ...]:
        base = self.root / "semgrep"
        return tuple(sorted(p for p in base.rglob("*") if p.is_file() and is_rule_file(p)))

    @cached_property
    def semgrep_rules(self) -> tuple[dict[str, Any], ...]:
        if self.cache is None:
            return tuple(self._parse_semgrep_rules())
        key = digest(["semgrep-rules", self.digest, yaml.__version__])
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
        for path in self.semgrep_files:
            try:
                doc = load_yaml(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                raise GatekeeperError(f"{path}: cannot read rule file: {_one_line(exc)}") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
                raise GatekeeperError(f"{path}: not a semgrep rule file (no top-level 'rules' list)")
            for rule in doc["rules"]:
                if not isinstance(rule, dict) or "id" not in rule:
                    raise GatekeeperError(f"{path}: a rule without an 'id'")
                _check_languages(rule, path)
                rules.append(rule)
        ids = [r["id"] for r in rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise GatekeeperError(f"{self.root}: duplicate rule ids: {', '.join(duplicates)}")
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
        for number, text in enumerate(self.merged_config.splitlines()[:line], start=1):
            if text.startswith("- id: "):
                current = load_yaml(text[len("- id: "):])
        return str(current) if current is not None else None

    @cached_property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(r["id"] for r in self.semgrep_rules)

    @cached_property
    def digest(self) -> str:
        """sha256 over every file of the pack (path and content), so evidence names the exact rules."""
        digest = hashlib.sha256()
        for path in sorted(p for p in self.root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(self.root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        return "sha256:" + digest.hexdigest()

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
