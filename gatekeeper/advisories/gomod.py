"""Go modules: the versions a `go.mod` selects, each at the line that names it, and its `go.sum`.

No maintained Python library reads go.mod, whose grammar (golang.org/x/mod/modfile) is small: a
line is a verb and its arguments, or a `verb (` block of such lines; `//` starts a comment; an
argument may be quoted. Since Go 1.17 go.mod lists every module the build needs (`// indirect`
marks the transitive ones, reported as the group `indirect`), so what it requires is what is built:

- `replace old [v] => new v2` audits `new` at `v2` (at the replace line); `=> ../dir` (a local
  directory) is code in the tree, not a released module: listed as not audited, with that reason;
- a required version that an `exclude` names is never selected (go picks a later one that go.mod
  does not name): listed as not audited;
- a module whose code `go.sum` holds a hash for, and go.mod does not require (a go.mod before 1.17
  leaves transitive modules out), is audited at the highest such version (minimal version
  selection takes the highest required), group `go.sum`, at its go.sum line;
- the toolchain (`toolchain go1.21.5`, else the `go 1.21` directive, read as the oldest release it
  allows) is OSV's `stdlib` package, group `toolchain`. The toolchain that builds the module is not
  in the tree, so the scanner audits it only when asked (`--go-stdlib`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gatekeeper.advisories.manifests import ManifestError, Requirement

ECOSYSTEM = "Go"
STDLIB = "stdlib"
TOOLCHAIN_GROUP = "toolchain"
_GO_VERSION = re.compile(r"(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|`[^`]*`?|[^\s"`]+')
_LOCAL = re.compile(r"^(\.{1,2}[/\\]|/|[A-Za-z]:[/\\])|^\.{1,2}$")


@dataclass(frozen=True)
class _Line:
    verb: str
    args: list[str]
    comment: str
    number: int


def parse(path: str, text: str, root: Path | None = None) -> list[Requirement]:
    """Every module `path` (a go.mod) selects, plus go.sum's extra modules and the toolchain."""
    lines = list(_statements(path, text))
    excluded = {(line.args[0], line.args[1]) for line in lines if line.verb == "exclude" and len(line.args) == 2}
    replaced = {_replace_key(path, line): line for line in lines if line.verb == "replace"}
    found = [_required(path, line, excluded, replaced) for line in lines if line.verb == "require"]
    required = {r.name for r in found}
    directives = {line.verb: line for line in lines if line.verb in ("go", "toolchain")}
    toolchains = [_toolchain(path, directives[verb]) for verb in ("toolchain", "go") if verb in directives]
    stdlib = next((t for t in toolchains if t is not None), None)  # `toolchain` names the release; `go` the oldest
    if stdlib is not None:
        found.append(stdlib)
    if root is not None:
        found += _go_sum(root, path, required)
    return found


def files(root: Path, path: str) -> list[str]:
    """go.mod and the go.sum beside it, when there is one (the inputs a cached answer depends on)."""
    sum_path = path[: -len("go.mod")] + "go.sum"
    return [path, sum_path] if (root / sum_path).is_file() else [path]


def _statements(path: str, text: str) -> Iterator[_Line]:
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        code, _, comment = raw.partition("//")
        code = code.strip()
        if not code:
            continue
        if block is not None:
            if code == ")":
                block = None
                continue
            yield _Line(block, _split(path, number, code), comment.strip(), number)
            continue
        verb, _, rest = code.partition(" ")
        rest = rest.strip()
        if rest == "(":
            block = verb
        elif rest.startswith("(") and rest.endswith(")"):  # `require ()`: an empty block on one line
            continue
        else:
            yield _Line(verb, _split(path, number, rest), comment.strip(), number)
    if block is not None:
        raise ManifestError(path, f"the '{block} (' block is never closed")


def _split(path: str, number: int, text: str) -> list[str]:
    """Arguments: bare words, or Go strings ("..." with escapes, `...` raw)."""
    words = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if word.startswith(('"', "`")):
            if len(word) < 2 or word[-1] != word[0]:
                raise ManifestError(path, f"line {number}: unterminated string {word}")
            word = word[1:-1].replace('\\"', '"') if word[0] == '"' else word[1:-1]
        words.append(word)
    return words


def _replace_key(path: str, line: _Line) -> tuple[str, str | None]:
    if "=>" not in line.args:
        raise ManifestError(path, f"line {line.number}: replace needs '=>'")
    old = line.args[: line.args.index("=>")]
    if len(old) not in (1, 2):
        raise ManifestError(path, f"line {line.number}: replace names one module (and optionally its version)")
    return old[0], old[1] if len(old) == 2 else None


def _required(
    path: str, line: _Line, excluded: set[tuple[str, str]], replaced: dict[tuple[str, str | None], _Line]
) -> Requirement:
    if len(line.args) != 2:
        raise ManifestError(path, f"line {line.number}: require needs a module path and a version")
    module, version = line.args
    group = "indirect" if line.comment.split(";")[0].strip() == "indirect" else ""
    spec = f"{module} {version}"
    if (module, version) in excluded:
        return Requirement(
            module,
            path,
            line.number,
            None,
            spec,
            group,
            ecosystem=ECOSYSTEM,
            unpinned_reason="excluded by go.mod's exclude: go selects a later version go.mod does not name",
        )
    replace = replaced.get((module, version)) or replaced.get((module, None))
    if replace is None:
        return Requirement(module, path, line.number, version, spec, group, ecosystem=ECOSYSTEM)
    target = replace.args[replace.args.index("=>") + 1 :]
    written = " ".join(replace.args)
    if len(target) == 1 and _LOCAL.match(target[0]):
        return Requirement(
            module,
            path,
            replace.number,
            None,
            written,
            group,
            ecosystem=ECOSYSTEM,
            unpinned_reason=f"replaced by the local directory {target[0]} (code in the tree, "
            "covered by the code scanners, not by advisories)",
        )
    if len(target) != 2:
        raise ManifestError(path, f"line {replace.number}: replace target needs a module path and a version")
    return Requirement(target[0], path, replace.number, target[1], written, group, ecosystem=ECOSYSTEM)


def _toolchain(path: str, line: _Line) -> Requirement | None:
    if len(line.args) != 1:
        raise ManifestError(path, f"line {line.number}: {line.verb} needs one version")
    if line.args[0] == "default":
        return None
    version = go_release(line.args[0])
    if version is None:
        raise ManifestError(path, f"line {line.number}: '{line.args[0]}' is not a Go release")
    spec = f"{line.verb} {line.args[0]}"
    return Requirement(STDLIB, path, line.number, version, spec, TOOLCHAIN_GROUP, ecosystem=ECOSYSTEM)


def go_release(text: str) -> str | None:
    """A Go release as OSV's `stdlib` versions write it: `go1.21.5` -> 1.21.5, `1.21` -> 1.21.0 (the
    oldest it allows), `1.21rc2` -> 1.21.0-rc.2."""
    match = _GO_VERSION.fullmatch(text.strip())
    if match is None:
        return None
    major, minor, patch, pre, number = match.groups()
    version = f"{major}.{minor}.{patch or 0}"
    return f"{version}-{pre}.{number}" if pre else version


def _go_sum(root: Path, path: str, required: set[str]) -> list[Requirement]:
    sum_path = path[: -len("go.mod")] + "go.sum"
    try:
        text = (root / sum_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(sum_path, f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    from gatekeeper.advisories.versions import key

    best: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        fields = raw.split()
        if not fields:
            continue
        if len(fields) != 3 or not fields[2].startswith("h1:"):
            raise ManifestError(sum_path, f"line {number}: expected '<module> <version> h1:<hash>'")
        module, version = fields[0], fields[1]
        if version.endswith("/go.mod") or module in required:
            continue  # only the go.mod was read (no code built), or go.mod names it already
        current = best.get(module)
        ordered = key(ECOSYSTEM, version)
        if ordered is None:
            raise ManifestError(sum_path, f"line {number}: '{version}' is not a module version")
        if current is None or ordered > key(ECOSYSTEM, current[0]):
            best[module] = (version, number)
    return [
        Requirement(module, sum_path, number, version, f"{module} {version}", "go.sum", ecosystem=ECOSYSTEM)
        for module, (version, number) in sorted(best.items())
    ]
