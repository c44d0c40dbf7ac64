"""Just enough of the GitHub Actions runner to run a composite action's steps in bash.

It reads action.yml, fills defaults for the inputs, evaluates the `${{ }}` expressions the action
uses (inputs, steps.<id>.outputs, github.*; `==`, `!=`, `&&`, `always()`), gives each step its own
GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, runs `run:` steps as GitHub does
(`bash --noprofile --norc -eo pipefail`), records `uses:` steps instead of running them, and parses
the log for workflow commands the way the runner does (honouring `::stop-commands::`).
An unknown expression raises, so the simulation cannot silently drift from the action.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_COMPARISON = re.compile(r"^(.+?)\s*(==|!=)\s*(.+)$")
_COMMAND = re.compile(r"^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$")


@dataclass
class StepRecord:
    name: str
    status: str
    """success | failure | skipped | recorded (a `uses:` step the simulation does not run)."""
    exit_code: int | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionRun:
    failed: bool
    exit_code: int
    """Exit code of the step that failed the action, 0 when it succeeded."""
    outputs: dict[str, str]
    summary: str
    log: str
    steps: list[StepRecord]
    annotations: list[dict[str, Any]]

    def step(self, name: str) -> StepRecord:
        (found,) = [s for s in self.steps if s.name == name]
        return found


def run_action(
    action_yml: Path,
    workspace: Path,
    runner_temp: Path,
    *,
    inputs: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    github: dict[str, str] | None = None,
    skip_steps: tuple[str, ...] = (),
) -> ActionRun:
    action = yaml.safe_load(action_yml.read_text(encoding="utf-8"))
    declared = action.get("inputs", {})
    unknown = set(inputs or {}) - set(declared)
    assert not unknown, f"inputs not declared by the action: {sorted(unknown)}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs or {})
    context: dict[str, Any] = {
        "inputs": values,
        "steps": {},
        "github": {"action_path": str(action_yml.parent), "workspace": str(workspace), **(github or {})},
        "runner": {"os": "Linux", "temp": str(runner_temp)},
    }
    runner_temp.mkdir(parents=True, exist_ok=True)
    base_env = {
        **(env or {}),
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(action_yml.parent),
        "RUNNER_TEMP": str(runner_temp),
        "RUNNER_OS": "Linux",
    }
    log: list[str] = []
    summary: list[str] = []
    records: list[StepRecord] = []
    failed, failing_code = False, 0
    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("id") or step.get("name") or f"step{index}"
        condition = str(step.get("if", "success()"))
        if name in skip_steps or not _condition(condition, context, failed):
            records.append(StepRecord(name, "skipped"))
            continue
        if "uses" in step:
            with_ = {k: substitute(str(v), context) for k, v in (step.get("with") or {}).items()}
            records.append(StepRecord(name, "recorded", with_=with_))
            continue
        assert step.get("shell") == "bash", f"step {name}: composite run steps need an explicit shell: bash"
        output_file = runner_temp / f"_output_{index}"
        summary_file = runner_temp / f"_summary_{index}"
        script = runner_temp / f"_step_{index}.sh"
        output_file.write_text("")
        summary_file.write_text("")
        script.write_text(substitute(step["run"], context))
        step_env = {
            **base_env,
            **{k: substitute(str(v), context) for k, v in (step.get("env") or {}).items()},
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(summary_file),
        }
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=step_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        log.append(proc.stdout)
        summary.append(summary_file.read_text(encoding="utf-8"))
        outputs = parse_outputs(output_file.read_text(encoding="utf-8"))
        context["steps"][name] = {"outputs": outputs}
        status = "success" if proc.returncode == 0 else "failure"
        records.append(StepRecord(name, status, proc.returncode, outputs))
        if proc.returncode != 0 and not failed:
            failed, failing_code = True, proc.returncode
    action_outputs = {
        name: substitute(str(spec.get("value", "")), context) for name, spec in (action.get("outputs") or {}).items()
    }
    text = "".join(log)
    return ActionRun(failed, failing_code, action_outputs, "".join(summary), text, records, workflow_commands(text))


def substitute(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: _stringify(evaluate(m.group(1), context)), text)


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    expression = expression.strip()
    if "&&" in expression:
        return all(_truthy(evaluate(part, context)) for part in expression.split("&&"))
    comparison = _COMPARISON.match(expression)
    if comparison:
        left, op, right = comparison.groups()
        equal = _stringify(evaluate(left, context)).lower() == _stringify(evaluate(right, context)).lower()
        return equal if op == "==" else not equal
    if expression.startswith("'") and expression.endswith("'"):
        return expression[1:-1].replace("''", "'")
    if expression in ("always()", "success()", "failure()"):
        raise ValueError("status functions are handled by the step condition")
    value: Any = context
    for part in expression.split("."):
        if not isinstance(value, dict):
            raise KeyError(f"unsupported expression: {expression}")
        if part not in value:
            if value is context or any(value is context.get(name) for name in ("inputs", "github", "runner")):
                raise KeyError(f"unsupported expression: {expression}")
            return ""  # a step that did not run, or an output it did not set
        value = value[part]
    return value


def parse_outputs(text: str) -> dict[str, str]:
    outputs: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            outputs[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


def workflow_commands(log: str) -> list[dict[str, Any]]:
    """The commands the runner would act on: a line is one when it starts with '::' after leading
    whitespace, unless `::stop-commands::TOKEN` switched processing off until `::TOKEN::`."""
    commands = []
    resume: str | None = None
    for line in log.splitlines():
        stripped = line.lstrip()
        if resume is not None:
            if stripped == f"::{resume}::":
                resume = None
            continue
        match = _COMMAND.match(stripped)
        if not match:
            continue
        name, props, data = match.groups()
        if name == "stop-commands":
            resume = data
            continue
        properties = {}
        for prop in (props or "").split(","):
            if "=" in prop:
                key, value = prop.split("=", 1)
                properties[key] = _unescape(value)
        commands.append({"command": name, "properties": properties, "message": _unescape(data)})
    return commands


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _condition(condition: str, context: dict[str, Any], failed: bool) -> bool:
    expression = condition.strip()
    match = _EXPRESSION.fullmatch(expression)
    if match:
        expression = match.group(1)
    parts = [part.strip() for part in expression.split("&&")]
    status = [p for p in parts if p in ("always()", "success()", "failure()")]
    rest = [p for p in parts if p not in status]
    if "always()" in status:
        ok = True
    elif "failure()" in status:
        ok = failed
    else:
        ok = not failed  # GitHub adds success() when a condition has no status function
    return ok and all(_truthy(evaluate(p, context)) for p in rest)


def _truthy(value: Any) -> bool:
    return bool(value) and value != "false" if isinstance(value, str) else bool(value)


def _stringify(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
