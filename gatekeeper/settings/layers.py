"""Policy layers: a repository's file on top of the base it `extends:` (and that base's own base).

The effective document is the base's with the repository's keys over it: mappings merge, lists
(waivers, scopes, rule packs, imports) are the base's followed by the repository's, and any other
value is the repository's — once gatekeeper/settings/tighten.py has checked that none of it
loosens the base. Every key remembers the file and line it came from, so an error in the merged
policy, a waiver's origin, and `config show --origins` name the right layer.

Paths a base names (rule packs, frameworks, a baseline, SARIF imports, advisory data) are relative
to the base's file, and are made absolute before the merge; a base read from a URL cannot name
relative paths at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gatekeeper.errors import GatekeeperError
from gatekeeper.settings import basepolicy, tighten
from gatekeeper.settings.build import Builder
from gatekeeper.settings.document import Document, Key, normalised, parse_yaml
from gatekeeper.settings.policy import PolicyLayer
from gatekeeper.settings.validation import validate

MAX_DEPTH = 8
"""Bases of bases: an organisation, a business unit, a team; far more is a loop in disguise."""

_PATH_KEYS: tuple[Key, ...] = (
    ("rules", "packs"),
    ("compliance", "frameworks"),
    ("imports",),
    ("baseline",),
    ("dependencies", "advisories"),
)


@dataclass
class LayeredDocument(Document):
    """A merged document: each key's line is looked up in the layer it came from."""

    sources: dict[Key, tuple[Document, Key]] = field(default_factory=dict)

    def where(self, key: Key, *, of_key: bool = False) -> str:
        probe = key
        while True:
            if probe in self.sources:
                doc, origin = self.sources[probe]
                return doc.where(origin + key[len(probe) :], of_key=of_key)
            if not probe:
                return self.display
            probe = probe[:-1]


def resolve(doc: Document, location: Path | str | None, digest: str) -> tuple[Document, tuple[PolicyLayer, ...]]:
    """`doc` (read from `location`, its bytes' `digest`) with every base it extends applied under
    it, validated; and the layers, the farthest base first."""
    return _resolve(doc, location, digest, (), "repository")


def _resolve(
    doc: Document, location: Path | str | None, digest: str, seen: tuple[str, ...], role: str
) -> tuple[Document, tuple[PolicyLayer, ...]]:
    validate(doc)
    layer = PolicyLayer(source=doc.display, digest=digest, role=role)
    ref = basepolicy.reference(doc, location)
    if ref is None:
        return doc, (layer,)
    if ref.source in seen or ref.source == str(location):
        raise GatekeeperError(f"{ref.where}: extends: {ref.source} extends itself (through {' -> '.join(seen)})")
    if len(seen) >= MAX_DEPTH:
        raise GatekeeperError(f"{ref.where}: extends: more than {MAX_DEPTH} policies deep")
    data = basepolicy.read(ref)
    base_location: Path | str = ref.source if ref.is_url else Path(ref.source)
    base_doc = parse_yaml(basepolicy.text_of(data, ref), _display(ref.source))
    base, layers = _resolve(base_doc, base_location, basepolicy.layer_digest(data), (*seen, ref.source), "base")
    _check_base_alone(base, base_location)
    # Paths compared and merged as what they name: each layer's are relative to its own file.
    _absolute_paths(base, base_location)
    _absolute_paths(doc, location if location is not None else Path.cwd() / "-")
    tighten.check(base, doc)
    return merge(base, doc), (*layers, layer)


def fetch_chain(doc: Document, location: Path | str) -> list[tuple[basepolicy.BaseRef, bool]]:
    """Download each base named by URL along the chain (`config fetch`); (ref, downloaded)."""
    fetched: list[tuple[basepolicy.BaseRef, bool]] = []
    seen: set[str] = set()
    while len(seen) <= MAX_DEPTH:
        validate(doc)
        ref = basepolicy.reference(doc, location)
        if ref is None or ref.source in seen:
            break
        seen.add(ref.source)
        if ref.is_url:
            data, downloaded = basepolicy.fetch(ref)
            fetched.append((ref, downloaded))
        else:
            data = basepolicy.read(ref)
        location = ref.source if ref.is_url else Path(ref.source)
        doc = parse_yaml(basepolicy.text_of(data, ref), _display(ref.source))
    return fetched


def _display(source: str) -> str:
    """A URL as it is; a file relative to the working directory when under it (reports stay the
    same across CI workspaces), else absolute."""
    if source.startswith("https://"):
        return source
    try:
        return Path(source).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return source


def _check_base_alone(base: Document, location: Path | str) -> None:
    """A base is a policy in its own right: its own errors name its own file."""
    Builder(base, location if isinstance(location, Path) else None).build(validated=True)


def _absolute_paths(base: Document, location: Path | str) -> None:
    events = base.data.get("events") if isinstance(base.data, dict) else None
    if isinstance(events, dict):
        if isinstance(events.get("spool"), str):
            events["spool"] = _absolute(base, ("events", "spool"), events["spool"], location)
        for i, sink in enumerate(events.get("sinks") or []):
            key: Key = ("events", "sinks", i)
            if isinstance(sink, str) and sink.startswith("file:"):
                events["sinks"][i] = "file:" + _absolute(base, key, sink[len("file:") :], location)
            elif isinstance(sink, dict):
                if str(sink.get("url", "")).startswith("file:"):
                    sink["url"] = "file:" + _absolute(base, key + ("url",), sink["url"][len("file:") :], location)
                if isinstance(sink.get("ca_bundle"), str):
                    sink["ca_bundle"] = _absolute(base, key + ("ca_bundle",), sink["ca_bundle"], location)
    for key in _PATH_KEYS:
        parent, name = _parent(base.data, key)
        if parent is None or name not in parent:
            continue
        value = parent[name]
        items = value if isinstance(value, list) else [value]
        fixed = [
            _absolute(base, key + ((i,) if isinstance(value, list) else ()), item, location)
            for i, item in enumerate(items)
        ]
        parent[name] = fixed if isinstance(value, list) else fixed[0]


def _absolute(base: Document, key: Key, item: str, location: Path | str) -> str:
    if key[:2] == ("dependencies", "advisories") and item.startswith("online"):
        return item
    if Path(item).is_absolute():
        return item
    if isinstance(location, str):
        raise base.error(key, f"'{item}': a policy read from a URL can only name absolute paths")
    return str((location.parent / item).resolve())


def _parent(data: Any, key: Key) -> tuple[dict[str, Any] | None, str]:
    for part in key[:-1]:
        if not isinstance(data, dict) or not isinstance(data.get(part), dict):
            return None, str(key[-1])
        data = data[part]
    return (data if isinstance(data, dict) else None), str(key[-1])


def merge(base: Document, repo: Document) -> LayeredDocument:
    merged = LayeredDocument(repo.display, None, {}, {}, prefix=repo.prefix)
    base_data = normalised(base.data)
    repo_data = normalised(repo.data)
    merged.data = _merge(base_data, repo_data, (), base, repo, merged.sources)
    merged.data.pop("extends", None)
    return merged


def _merge(
    base: Any, repo: Any, key: Key, base_doc: Document, repo_doc: Document, origins: dict[Key, tuple[Document, Key]]
) -> Any:
    if isinstance(base, dict) and isinstance(repo, dict):
        origins[key] = (repo_doc, key)
        out: dict[str, Any] = {}
        for name in (*base, *(k for k in repo if k not in base)):
            child = key + (name,)
            if name in base and name in repo:
                out[name] = _merge(base[name], repo[name], child, base_doc, repo_doc, origins)
            else:
                doc = base_doc if name in base else repo_doc
                out[name] = (base if name in base else repo)[name]
                origins[child] = (doc, child)
        return out
    if isinstance(base, list) and isinstance(repo, list):
        origins[key] = (repo_doc, key)
        extra = [item for item in repo if item not in base]
        for i in range(len(base)):
            origins[key + (i,)] = (base_doc, key + (i,))
        for j, item in enumerate(extra):
            origins[key + (len(base) + j,)] = (repo_doc, key + (repo.index(item),))
        return [*base, *extra]
    origins[key] = (repo_doc, key)
    return repo
