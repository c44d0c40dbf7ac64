"""What a file is, as evidence: source code by language, a dependency manifest by ecosystem,
infrastructure or configuration by tool. One table, read by the rule pack router (which semgrep
languages exist and which files they match) and by coverage accounting (what nothing analysed).

Code languages come from `identify` (pre-commit's file-type library: extensions, names and
shebangs); manifests, infrastructure and configuration from names, paths and, for YAML and JSON
documents that only their content tells apart (Kubernetes, CloudFormation, ARM), a look at the
first few KiB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from identify import identify

CODE = "code"
DEPENDENCIES = "dependencies"
INFRASTRUCTURE = "infrastructure"
CONFIGURATION = "configuration"
EVIDENCE_KINDS = (CODE, DEPENDENCIES, INFRASTRUCTURE, CONFIGURATION)


@dataclass(frozen=True)
class FileKind:
    id: str
    label: str
    """Singular, as counts read: "3 Java/Kotlin files", "1 npm lock file"."""
    evidence: str
    """code | dependencies | infrastructure | configuration"""
    semgrep_languages: tuple[str, ...] = ()
    """The semgrep language names whose rules analyse this kind (a pack rule naming a language no
    kind lists is an error when the pack loads)."""
    rule_prefixes: tuple[str, ...] = ()
    """For kinds that share a semgrep language (YAML): only rules with these id prefixes analyse it."""
    groups: tuple[str, ...] = ()
    """Narrower subjects controls can ask for, e.g. `network` (IaC that declares network rules)."""
    tags: tuple[str, ...] = ()
    """`identify` tags that make a file this kind of code."""
    names: tuple[str, ...] = ()
    """Globs over the file name (case-sensitive) or, with a `/`, over the path."""
    covered_by: tuple[str, ...] = ()
    """Sibling files whose analysis covers this one (a manifest is read through its lock file)."""
    semgrep_suffixes: tuple[str, ...] = ()
    """The file suffixes semgrep parses with this kind's languages (its own routing): files of the
    kind named otherwise (a `.pyw`, a shebang script) are not handed over, and so are not covered."""

    def plural(self, count: int) -> str:
        return f"{count} {self.label}" + ("" if count == 1 else "s")

    def matches(self, selectors: tuple[str, ...]) -> bool:
        """Whether a control's or evidence source's `examines` list asks for this kind."""
        return any(s in (self.id, self.evidence, *self.groups) for s in selectors)


def _code(
    kind_id: str, label: str, tags: tuple[str, ...], languages: tuple[str, ...], suffixes: tuple[str, ...]
) -> FileKind:
    return FileKind(kind_id, label, CODE, semgrep_languages=languages, tags=tags, semgrep_suffixes=suffixes)


def _manifest(kind_id: str, label: str, names: tuple[str, ...], covered_by: tuple[str, ...] = ()) -> FileKind:
    return FileKind(kind_id, label, DEPENDENCIES, names=names, covered_by=covered_by)


# Order matters: the first kind that claims a file wins (a `pom.xml` is a manifest before XML, a
# `Jenkinsfile` a CI definition before Groovy code, a Chef recipe infrastructure before Ruby).
KINDS: tuple[FileKind, ...] = (
    # -- dependency manifests and lock files ------------------------------------------------
    _manifest(
        "pypi-requirements",
        "PyPI requirements file",
        ("requirements*.txt", "*-requirements.txt", "*_requirements.txt", "requirements/*.txt"),
    ),
    _manifest(
        "pypi-lock",
        "PyPI lock file",
        ("poetry.lock", "Pipfile.lock", "uv.lock", "pylock.toml", "pylock.*.toml", "pdm.lock"),
    ),
    _manifest(
        "pypi-manifest",
        "PyPI manifest",
        ("pyproject.toml", "Pipfile"),
        covered_by=("Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock"),
    ),
    _manifest("npm-lock", "npm lock file", ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml")),
    _manifest(
        "npm-manifest",
        "npm manifest",
        ("package.json",),
        covered_by=("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"),
    ),
    _manifest(
        "maven-manifest",
        "Maven POM or Gradle lock file",
        ("pom.xml", "gradle.lockfile", "*.gradle.lockfile", "*-gradle.lockfile"),
    ),
    # A build script's dependencies are resolved by Gradle itself: its lock file is what is read.
    _manifest(
        "gradle-build", "Gradle build script", ("build.gradle", "build.gradle.kts"), covered_by=("gradle.lockfile",)
    ),
    _manifest("go-manifest", "Go module file", ("go.mod", "go.sum", "go.work")),
    _manifest(
        "nuget-manifest",
        "NuGet manifest",
        ("*.csproj", "*.fsproj", "*.vbproj", "packages.config", "packages.lock.json", "Directory.Packages.props"),
    ),
    _manifest(
        "rubygems-manifest", "RubyGems manifest", ("Gemfile", "Gemfile.lock", "*.gemspec", "gems.rb", "gems.locked")
    ),
    _manifest("cargo-manifest", "Cargo manifest", ("Cargo.toml", "Cargo.lock")),
    _manifest("composer-manifest", "Composer manifest", ("composer.json", "composer.lock")),
    # -- CI definitions ---------------------------------------------------------------------
    FileKind(
        "github-actions",
        "GitHub Actions workflow",
        CONFIGURATION,
        ("yaml",),
        ("gha-",),
        names=(".github/workflows/*.yml", ".github/workflows/*.yaml"),
    ),
    FileKind(
        "ci-definition",
        "CI pipeline definition",
        CONFIGURATION,
        names=(
            ".gitlab-ci.yml",
            "Jenkinsfile",
            "*.Jenkinsfile",
            ".travis.yml",
            "azure-pipelines.yml",
            "bitbucket-pipelines.yml",
            ".circleci/config.yml",
            ".drone.yml",
            "cloudbuild.yaml",
        ),
    ),
    # -- infrastructure ---------------------------------------------------------------------
    FileKind(
        "terraform",
        "Terraform file",
        INFRASTRUCTURE,
        ("hcl", "terraform"),
        ("tf-",),
        groups=("network",),
        names=("*.tf", "*.tf.json", "*.tfvars", "*.hcl"),
        semgrep_suffixes=(".tf", ".tfvars", ".hcl"),
    ),
    FileKind(
        "dockerfile",
        "Dockerfile",
        INFRASTRUCTURE,
        ("dockerfile",),
        ("docker-",),
        names=(
            "Dockerfile",
            "Dockerfile.*",
            "*.Dockerfile",
            "*.dockerfile",
            "Containerfile",
            "Containerfile.*",
            "*.containerfile",
        ),
    ),
    FileKind(
        "compose",
        "Compose file",
        INFRASTRUCTURE,
        ("yaml",),
        ("compose-",),
        names=(
            "docker-compose*.yml",
            "docker-compose*.yaml",
            "compose.yml",
            "compose.yaml",
            "compose.*.yml",
            "compose.*.yaml",
        ),
    ),
    # A chart's templates and values files are recognised by _helm_chart_file (beside a Chart.yaml).
    FileKind("helm", "Helm chart file", INFRASTRUCTURE, names=("Chart.yaml",)),
    FileKind(
        "kustomize",
        "Kustomize file",
        INFRASTRUCTURE,
        names=("kustomization.yaml", "kustomization.yml", "Kustomization"),
    ),
    FileKind("kubernetes", "Kubernetes manifest", INFRASTRUCTURE, ("yaml",), ("k8s-",)),
    FileKind("cloudformation", "CloudFormation template", INFRASTRUCTURE, groups=("network",), names=("*.template",)),
    FileKind("azure-template", "Azure Bicep/ARM template", INFRASTRUCTURE, groups=("network",), names=("*.bicep",)),
    FileKind(
        "ansible",
        "Ansible file",
        INFRASTRUCTURE,
        names=(
            "ansible.cfg",
            "playbook*.yml",
            "playbook*.yaml",
            "*playbook.yml",
            "*playbook.yaml",
            "playbooks/*.yml",
            "playbooks/*.yaml",
            "roles/*/tasks/*.yml",
            "roles/*/tasks/*.yaml",
            "roles/*/handlers/*.yml",
            "roles/*/defaults/*.yml",
            "group_vars/*",
            "host_vars/*",
        ),
    ),
    FileKind("chef", "Chef cookbook file", INFRASTRUCTURE, names=("recipes/*.rb", "attributes/*.rb", "Berksfile")),
    FileKind("puppet", "Puppet manifest", INFRASTRUCTURE, names=("*.pp",)),
    # -- configuration ----------------------------------------------------------------------
    FileKind(
        "nginx",
        "nginx configuration",
        CONFIGURATION,
        ("generic",),
        ("nginx-",),
        names=("nginx.conf", "nginx/*.conf", "conf.d/*.conf", "sites-available/*", "sites-enabled/*"),
    ),
    # -- source code, by language (identify's tags) -----------------------------------------
    _code("python", "Python file", ("python", "pyi", "cython"), ("python", "python3", "py"), (".py", ".pyi")),
    _code(
        "javascript",
        "JavaScript/TypeScript file",
        ("javascript", "jsx", "ts", "tsx", "vue", "svelte"),
        ("javascript", "js", "typescript", "ts"),
        (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx"),
    ),
    _code(
        "java",
        "Java/Kotlin file",
        ("java", "kotlin", "groovy", "scala", "clojure"),
        ("java", "kotlin", "kt", "scala"),
        (".java", ".kt", ".kts", ".scala"),
    ),
    _code("go", "Go file", ("go",), ("go", "golang"), (".go",)),
    _code("csharp", "C# file", ("c#", "f#", "vb"), ("csharp", "c#"), (".cs",)),
    _code("ruby", "Ruby file", ("ruby",), ("ruby",), (".rb",)),
    _code("php", "PHP file", ("php",), ("php",), (".php",)),
    _code("swift", "Swift/Objective-C file", ("swift", "objective-c"), ("swift",), (".swift",)),
    _code("rust", "Rust file", ("rust",), ("rust",), (".rs",)),
    _code("c", "C/C++ file", ("c", "c++", "header"), ("c", "cpp", "c++"), (".c", ".h", ".cpp", ".hpp", ".cc")),
    _code("shell", "shell script", ("shell", "bash", "zsh", "sh"), ("bash", "sh"), (".sh", ".bash")),
    _code(
        "other-code",
        "source file in another language",
        ("dart", "elixir", "erlang", "haskell", "lua", "perl", "r", "solidity", "apex", "ocaml", "julia"),
        ("dart", "elixir", "lua", "ocaml", "r", "solidity", "apex", "julia", "clojure"),
        (".dart", ".ex", ".exs", ".lua", ".ml", ".r", ".sol", ".cls", ".jl", ".clj"),
    ),
)

BY_ID = {kind.id: kind for kind in KINDS}

ANY = "any"
"""The selector for "any file the source's scanners read" (the secrets scan reads every text file)."""

SELECTOR_WORDS: dict[str, str] = {
    CODE: "source code",
    DEPENDENCIES: "dependency manifests or lock files",
    INFRASTRUCTURE: "infrastructure code",
    CONFIGURATION: "configuration files",
    "network": "infrastructure code that declares network rules (Terraform, CloudFormation, Azure templates)",
    ANY: "readable files",
}
"""What a control's `examines` selectors mean, in words (a kind id reads as its label)."""


def known_selector(selector: str) -> bool:
    return selector in SELECTOR_WORDS or selector in BY_ID


def describe_selectors(selectors: tuple[str, ...]) -> str:
    return " or ".join(SELECTOR_WORDS.get(s) or BY_ID[s].label + "s" for s in selectors)


SEMGREP_PSEUDO_LANGUAGES = ("generic", "regex", "none")
"""semgrep "languages" that are not parsers: their rules say which files they read with `paths`."""

# semgrep's own language names for the structured formats the pack's config rules use.
DATA_LANGUAGES: dict[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"),
    "json": (".json",),
}

_HEAD_BYTES = 16 * 1024
_K8S = (re.compile(rb"^apiVersion:\s*\S", re.M), re.compile(rb"^kind:\s*\S", re.M))
# The format version, or a resource type: `Type: AWS::...` on its own line, or `"Type": "AWS::...`
# anywhere (a JSON template written on one line).
_CFN = re.compile(rb"AWSTemplateFormatVersion|^\s*\"?Type\"?\s*:\s*[\"']?AWS::|\"Type\"\s*:\s*\"AWS::", re.M)
_ARM = re.compile(rb"schema\.management\.azure\.com/schemas/[^\"']*deploymentTemplate")


def _glob(pattern: str) -> str:
    """A name glob as a regex over whole path components (`*` stops at `/`)."""
    return "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in pattern)


def _alternatives(patterns: Callable[[FileKind], list[str]]) -> re.Pattern[str]:
    """The kinds' globs as one regex, alternatives in table order, so that the first kind that claims
    a path wins in one match (classifying Django's 6,800 files one glob at a time took 3 s)."""
    groups = [f"(?P<k{i}>{'|'.join(map(_glob, patterns(kind)))})" for i, kind in enumerate(KINDS) if patterns(kind)]
    return re.compile("|".join(groups))


_BY_FILE_NAME = _alternatives(lambda kind: [p for p in kind.names if "/" not in p])
_BY_PATH = re.compile("(?:.*/)?(?:" + _alternatives(lambda kind: [p for p in kind.names if "/" in p]).pattern + ")")


def _by_name(path: str) -> FileKind | None:
    groups = [m.lastgroup for m in (_BY_FILE_NAME.fullmatch(path.rsplit("/", 1)[-1]), _BY_PATH.fullmatch(path)) if m]
    return min((KINDS[int(g[1:])] for g in groups if g), key=KINDS.index, default=None)


def _by_content(root: Path, path: PurePosixPath) -> FileKind | None:
    if path.suffix not in (".yaml", ".yml", ".json", ".template"):
        return None
    try:
        with (root / path).open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    if _CFN.search(head):
        return BY_ID["cloudformation"]
    if _ARM.search(head):
        return BY_ID["azure-template"]
    if path.suffix != ".json" and all(p.search(head) for p in _K8S):
        return BY_ID["kubernetes"]
    return None


def _by_tags(root: Path, path: PurePosixPath) -> FileKind | None:
    tags = identify.tags_from_filename(path.name)
    if not tags and not path.suffix:
        tags = _shebang_tags(root / path)
    for kind in KINDS:
        if kind.tags and tags & set(kind.tags):
            return kind
    return None


def _shebang_tags(path: Path) -> set[str]:
    """A script without an extension is code when its `#!` line names an interpreter identify knows."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(256)
    except OSError:
        return set()
    if not first.startswith(b"#!"):
        return set()
    words = first[2:].decode("utf-8", "replace").split()
    if not words:
        return set()
    interpreter = words[1] if words[0].endswith("/env") and len(words) > 1 else words[0]
    return set(identify.tags_from_interpreter(interpreter.rsplit("/", 1)[-1]))


def classify(root: Path, path: str) -> FileKind | None:
    """The kind of the file at `path` (POSIX, relative to `root`); None for what is evidence of
    nothing in particular (documentation, images, data), which only the secrets scanner reads."""
    return _classify(root, path)


def _classify(root: Path, path: str) -> FileKind | None:
    pure = PurePosixPath(path)
    return _by_name(path) or _helm_chart_file(root, pure) or _by_content(root, pure) or _by_tags(root, pure)


def _helm_chart_file(root: Path, path: PurePosixPath) -> FileKind | None:
    """A chart's templates and values: Go templates over YAML, which no YAML rule reads as they are."""
    parts = path.parts
    if len(parts) >= 3 and parts[-2] == "templates" and (root / PurePosixPath(*parts[:-2]) / "Chart.yaml").is_file():
        return BY_ID["helm"]
    if (
        path.name.startswith("values")
        and path.suffix in (".yaml", ".yml")
        and (root / path.parent / "Chart.yaml").is_file()
    ):
        return BY_ID["helm"]
    return None


def semgrep_language_kinds(language: str) -> tuple[FileKind, ...]:
    """The kinds whose files semgrep rules of `language` read."""
    language = language.lower()
    return tuple(kind for kind in KINDS if language in kind.semgrep_languages)


def known_semgrep_language(language: str) -> bool:
    language = language.lower()
    return language in SEMGREP_PSEUDO_LANGUAGES or language in DATA_LANGUAGES or bool(semgrep_language_kinds(language))
