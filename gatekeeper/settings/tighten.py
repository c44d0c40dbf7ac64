"""A repository's policy against the base it extends: it may tighten, never loosen.

Each key has a direction: a threshold may go down, never up (`fail_on.severity: critical` under a
base of `high` is refused); a scanner or a rule the base runs cannot be turned off; files the base
scans cannot be excluded; waivers may not run longer than the base allows; what the base requires
(reasons for inline suppressions, `events.required`…) cannot be dropped. What only adds checks —
scopes, rule packs, frameworks, SARIF imports, waivers within the base's maxima — is always allowed.
A key whose direction is not known here may be set only to the base's value: fail closed.

Each refusal is one line naming the key and its line in the repository's file and in the base.
"""

from __future__ import annotations

from typing import Any, Callable

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Severity
from gatekeeper.settings.basepolicy import describe
from gatekeeper.settings.document import Document, Key, normalised
from gatekeeper.settings.model import DEFAULT_ADVISORY_MAX_AGE_DAYS, UNLIMITED, PathRules
from gatekeeper.settings.policy import DEFAULT_WAIVER_MAX_DAYS
from gatekeeper.testcode import DEFAULT_PATTERNS as DEFAULT_TEST_PATTERNS

Check = Callable[[Any, Any], bool]
"""(base value, repository value) -> whether the repository's is at least as strict."""

_MISSING = object()


def _severity(base: Any, repo: Any) -> bool:
    return Severity.parse(repo) <= Severity.parse(base)


def _confidence(base: Any, repo: Any) -> bool:
    return Confidence.parse(repo) <= Confidence.parse(base)


def _not_above(base: Any, repo: Any) -> bool:
    """Days and ages: `unlimited` is the loosest of all."""
    if repo == UNLIMITED:
        return bool(base == UNLIMITED)
    return base == UNLIMITED or int(repo) <= int(base)


def _not_below(base: Any, repo: Any) -> bool:
    return int(repo) >= int(base)


def _no_more(base: Any, repo: Any) -> bool:
    """Lists of exceptions (excluded paths, disabled rules, sanitisers): only the base's, or fewer."""
    return set(repo or ()) <= set(base or ())


def _same(base: Any, repo: Any) -> bool:
    return bool(base == repo)


def _may_not_become(loose: Any) -> Check:
    return lambda base, repo: not (repo == loose and base != loose)


def _any(base: Any, repo: Any) -> bool:
    return True


# (key pattern, the base's default when it does not set the key, check). `*` matches one key part.
RULES: tuple[tuple[Key, Any, Check], ...] = (
    (("version",), 1, _same),
    (("fail_on", "severity"), "high", _severity),
    (("fail_on", "confidence"), "medium", _confidence),
    (("fail_on", "frameworks", "*"), _MISSING, _severity),
    (("fail_on", "controls", "*"), _MISSING, _severity),
    (("allow_partial",), False, _may_not_become(True)),
    (("coverage", "unsupported"), "warn", _may_not_become("warn")),
    (("scopes",), (), _any),  # a scope only ever adds blocking rules (gatekeeper/gate.py)
    (("paths", "include"), [], _same),  # naming what to scan leaves the rest unscanned
    (("paths", "exclude"), [], _no_more),
    (("paths", "tests"), list(DEFAULT_TEST_PATTERNS), _no_more),  # test code skips production-only rules
    (("paths", "gitignore"), True, _may_not_become(True)),
    (("paths", "max_file_bytes"), PathRules.max_file_bytes, _not_below),
    (("scanners", "*", "enabled"), True, _may_not_become(False)),
    (("scanners", "*", "timeout"), _MISSING, _any),  # a scanner that runs out of time fails closed
    (("scanners", "*", "rule_timeout"), _MISSING, _any),
    (("scanners", "*", "go_stdlib"), False, _may_not_become(False)),
    (("scanners", "*", "max_file_bytes"), _MISSING, _not_below),
    (("scanners", "*", "max_age_days"), _MISSING, _not_above),
    (("scanners", "*", "sanitizers"), [], _no_more),
    (("dependencies", "advisories"), _MISSING, _same),
    (("dependencies", "max_age_days"), DEFAULT_ADVISORY_MAX_AGE_DAYS, _not_above),
    (("rules", "disable"), [], _no_more),
    (("rules", "packs"), (), _any),
    (("inline_suppressions", "allow"), True, _may_not_become(True)),
    (("inline_suppressions", "require_reason"), False, _may_not_become(False)),
    *((("waiver_max_days", s.label), days, _not_above) for s, days in DEFAULT_WAIVER_MAX_DAYS),
    (("waivers",), (), _any),  # each waives only within the merged maxima (gatekeeper/policy/waivers.py)
    (("baseline",), _MISSING, _same),  # a baseline accepts findings wholesale
    (("imports",), (), _any),
    (("compliance", "frameworks"), (), _any),
    (("extends",), _MISSING, _any),
    (("events", "sinks"), (), _any),  # more places to send events to: the base's are kept
    (("events", "required"), False, _may_not_become(False)),
    (("events", "timeout"), _MISSING, _any),
    (("events", "spool"), _MISSING, _any),
)


def check(base: Document, repo: Document) -> None:
    """Raise on the first key where `repo` loosens `base` (both validated: shorthands expanded)."""
    for key, value in _leaves(normalised(repo.data), ()):
        rule = _rule(key)
        if rule is None:
            _unknown(base, repo, key, value)
            continue
        default, allowed = rule
        base_value = _get(normalised(base.data), key)
        if base_value is _MISSING:
            base_value = default
        if base_value is _MISSING or allowed(base_value, value):
            continue
        if allowed is _no_more:  # name the first exception the base does not make, on its own line
            i, extra = next((i, item) for i, item in enumerate(value) if item not in (base_value or ()))
            raise repo.error(
                key + (i,),
                f"{describe(extra)} is not in the base policy's list ({_origin(base, key)}): "
                "a repository may only tighten it",
            )
        raise _loosens(base, repo, key, value, base_value)


def _rule(key: Key) -> tuple[Any, Check] | None:
    for pattern, default, allowed in RULES:
        if len(pattern) == len(key) and all(p in ("*", k) for p, k in zip(pattern, key)):
            return default, allowed
    return None


def _unknown(base: Document, repo: Document, key: Key, value: Any) -> None:
    """A key with no known direction: only the base's own value is safe."""
    base_value = _get(normalised(base.data), key)
    if base_value is _MISSING or base_value != value:
        raise repo.error(
            key,
            f"{describe(value)}: whether this loosens the base policy ({base.display}) cannot be judged, "
            "so only the base may set it",
        )


def _loosens(base: Document, repo: Document, key: Key, value: Any, base_value: Any) -> GatekeeperError:
    return repo.error(
        key,
        f"{describe(value)} loosens the base policy ({_origin(base, key)}: {describe(base_value)}): "
        "a repository may only tighten it",
    )


def _origin(base: Document, key: Key) -> str:
    return base.where(key) if _get(normalised(base.data), key) is not _MISSING else f"{base.display}, by default"


def _leaves(value: Any, key: Key) -> list[tuple[Key, Any]]:
    """The keys a rule judges: mappings are walked, anything else (lists included) is one value."""
    if isinstance(value, dict) and (not key or _rule(key) is None):
        return [leaf for k, v in value.items() for leaf in _leaves(v, key + (k,))]
    return [(key, value)]


def _get(data: Any, key: Key) -> Any:
    for part in key:
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data
