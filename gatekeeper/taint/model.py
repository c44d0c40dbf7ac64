"""What the cross-function analysis knows: request sources, sinks by weakness class, sanitisers.

Names are fully qualified after a module's imports are resolved (`from subprocess import run` makes
`run(...)` `subprocess.run`). The classes are the bundled semgrep rules' `metadata.category`, so a
finding borrows that rule's CWE, severity, confidence and fix (gatekeeper/scanners/taint.py).
"""

from __future__ import annotations

from dataclasses import dataclass

FRAMEWORKS = frozenset({"flask", "werkzeug", "django", "rest_framework", "fastapi", "starlette", "aiohttp", "ninja"})
"""A module reads request data only if it imports one of these (as the semgrep rules' sources)."""

REQUEST_NAMES = frozenset({"request", "req"})
REQUEST_ATTRIBUTES = frozenset(
    {
        "args",
        "form",
        "values",
        "data",
        "json",
        "files",
        "cookies",
        "headers",
        "view_args",
        "query_string",
        "stream",
        "GET",
        "POST",
        "body",
        "COOKIES",
        "META",
        "FILES",
        "query_params",
        "path_params",
        "query",
        "match_info",
        "rel_url",
        "content",
        "referrer",
        "path",
        "full_path",
        "url",
    }
)
REQUEST_METHODS = frozenset({"get_json", "get_data", "json", "post", "text", "read", "body", "form"})
VALIDATED_ATTRIBUTES = frozenset({"cleaned_data", "validated_data"})
"""Django forms and DRF serializers check types, not content: still attacker-chosen text."""

ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket"})
SAFE_PARAM_TYPES = frozenset(
    {
        "int",
        "float",
        "bool",
        "complex",
        "Decimal",
        "UUID",
        "date",
        "datetime",
        "Request",
        "HttpRequest",
        "WebSocket",
        "BackgroundTasks",
        "Session",
        "AsyncSession",
        "Response",
    }
)
FRAMEWORK_PARAMS = frozenset(
    {"self", "cls", "request", "req", "response", "db", "session", "background_tasks", "websocket"}
)

CLEANING = frozenset(
    {
        "int",
        "float",
        "bool",
        "len",
        "abs",
        "round",
        "hash",
        "id",
        "isinstance",
        "callable",
        "ord",
        "uuid.UUID",
        "UUID",
        "decimal.Decimal",
        "Decimal",
        "math.floor",
        "math.ceil",
        "hmac.compare_digest",
        "secrets.compare_digest",
    }
)
"""Calls whose result carries nothing an attacker chose (numbers, booleans, UUIDs)."""

CLEANING_METHODS = frozenset(
    {
        "startswith",
        "endswith",
        "isdigit",
        "isdecimal",
        "isnumeric",
        "isalnum",
        "isalpha",
        "isidentifier",
        "count",
        "find",
        "index",
        "rfind",
        "__len__",
    }
)
"""Methods of a tainted value whose result is a number or a boolean."""

SANITISERS: dict[str, frozenset[str]] = {
    "shlex.quote": frozenset({"command-injection"}),
    "pipes.quote": frozenset({"command-injection"}),
    "html.escape": frozenset({"xss"}),
    "markupsafe.escape": frozenset({"xss"}),
    "flask.escape": frozenset({"xss"}),
    "django.utils.html.escape": frozenset({"xss"}),
    "django.utils.html.format_html": frozenset({"xss"}),
    "bleach.clean": frozenset({"xss"}),
    "os.path.basename": frozenset({"path-traversal"}),
    "werkzeug.utils.secure_filename": frozenset({"path-traversal"}),
    "django.utils.http.url_has_allowed_host_and_scheme": frozenset({"open-redirect"}),
}
"""Calls that neutralise a value for some classes only (quoting for a shell is not for SQL)."""


PREDICATES: dict[str, tuple[int, str]] = {
    # Django: True only for a URL on one of `allowed_hosts` (or relative) with an allowed scheme;
    # the documented check before redirecting to a user-supplied `next`.
    "django.utils.http.url_has_allowed_host_and_scheme": (0, "url"),
    "django.utils.http.is_safe_url": (0, "url"),  # its name before Django 3.0 (removed in 4.0)
}
"""Library functions returning whether their argument (position, keyword) is safe to use: a guard
`if not f(x): abort()` makes `x` ours. Kept small: only checks against an allow-list the caller
gives; `os.path.isabs`, `str.isascii` and the like say nothing about safety."""


@dataclass(frozen=True)
class Sink:
    category: str
    argument: int
    """Which positional argument carries the attack (-1: the receiver, for `x.read_text()`)."""
    keyword: str = ""
    """Its name when passed as a keyword argument."""
    needs_shell: bool = False
    """Only with `shell=True` (subprocess): an argument list is not interpreted by a shell."""


def _sinks(
    category: str, names: str, argument: int = 0, keyword: str = "", needs_shell: bool = False
) -> dict[str, Sink]:
    return {name: Sink(category, argument, keyword, needs_shell) for name in names.split()}


SINKS: dict[str, Sink] = {
    **_sinks(
        "command-injection", "os.system os.popen os.popen2 os.popen3 subprocess.getoutput subprocess.getstatusoutput"
    ),
    **_sinks(
        "command-injection",
        "subprocess.run subprocess.call subprocess.check_call subprocess.check_output subprocess.Popen",
        keyword="args",
        needs_shell=True,
    ),
    **_sinks("code-injection", "eval exec builtins.eval builtins.exec"),
    **_sinks(
        "path-traversal",
        "open io.open os.remove os.unlink os.rmdir os.removedirs shutil.rmtree "
        "shutil.copy shutil.copyfile shutil.move os.listdir flask.send_file "
        "fastapi.responses.FileResponse starlette.responses.FileResponse django.http.FileResponse",
    ),
    **_sinks("path-traversal", "flask.send_from_directory", argument=1, keyword="path"),
    **_sinks(
        "ssrf",
        "requests.get requests.post requests.put requests.patch requests.delete requests.head "
        "requests.options requests.request httpx.get httpx.post httpx.put httpx.patch httpx.delete "
        "httpx.request urllib.request.urlopen urllib.request.Request",
        keyword="url",
    ),
    **_sinks(
        "open-redirect",
        "flask.redirect django.shortcuts.redirect django.http.HttpResponseRedirect "
        "django.http.HttpResponsePermanentRedirect fastapi.responses.RedirectResponse "
        "starlette.responses.RedirectResponse werkzeug.utils.redirect",
        keyword="location",
    ),
    **_sinks(
        "deserialization",
        "pickle.loads pickle.load cPickle.loads marshal.loads dill.loads shelve.open "
        "jsonpickle.decode yaml.unsafe_load yaml.full_load",
    ),
    **_sinks(
        "xss",
        "markupsafe.Markup flask.Markup django.utils.safestring.mark_safe flask.render_template_string jinja2.Template",
    ),
}
"""Sinks called by their qualified name."""

METHOD_SINKS: dict[str, Sink] = {
    **_sinks("sql-injection", "execute executemany executescript exec_driver_sql raw", keyword="sql"),
    **_sinks("path-traversal", "read_text read_bytes write_text write_bytes unlink", argument=-1),
}
"""Sinks called as a method of any object (a cursor, a manager, a Path): matched by method name."""

SAFE_YAML_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader"})
