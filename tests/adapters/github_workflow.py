"""Just enough of GitHub Actions to run an example workflow's jobs on one machine, in order.

A job's matrix is expanded (one run per combination, `strategy.job-total` set), jobs run in the
order `needs` gives, and each step is simulated: `actions/checkout` is the fixture repository
already in place, gatekeeper's action runs through github_runner (its `run:` steps in bash),
`actions/upload-artifact` copies the files it names into an artifact store, and
`actions/download-artifact` copies the artifacts matching its pattern back out. Any other `uses:`
is an error, so the simulation cannot silently drift from the workflow.
"""

from __future__ import annotations

import fnmatch
import shutil
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import yaml

from tests.adapters.github_runner import ActionRun, run_action, substitute

GATEKEEPER_USES = "your-org/gatekeeper/actions@"


@dataclass
class JobRun:
    name: str
    matrix: dict[str, Any]
    action: ActionRun | None = None
    skipped: bool = False
    uploaded: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class WorkflowRun:
    jobs: list[JobRun]
    artifacts: Path

    def runs(self, job: str) -> list[JobRun]:
        return [run for run in self.jobs if run.name == job]


def load(workflow: Path) -> dict[str, Any]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run_workflow(
    workflow: Path,
    action_yml: Path,
    workspace: Path,
    root: Path,
    *,
    env: dict[str, str],
    action_inputs: dict[str, str] | None = None,
) -> WorkflowRun:
    """Run every job of `workflow` against `workspace`; `action_inputs` are added to each use of
    gatekeeper's action (the simulation's own settings, e.g. where advisory data comes from)."""
    data = load(workflow)
    artifacts = root / "artifacts"
    artifacts.mkdir(parents=True)
    results: list[JobRun] = []
    done: dict[str, bool] = {}
    for name in _job_order(data["jobs"]):
        spec = data["jobs"][name]
        combos = _matrix(spec)
        failed_needs = any(not done[need] for need in _needs(spec))
        for index, matrix in enumerate(combos):
            context: dict[str, Any] = {
                "matrix": matrix,
                "strategy": {"job-total": len(combos), "job-index": index},
                "runner": {"os": "Linux", "temp": str(root / f"{name}-{index}" / "runner-temp")},
                "steps": {},
                "inputs": {},
                "github": {"workspace": str(workspace)},
            }
            run = JobRun(name, matrix)
            results.append(run)
            if not _job_condition(str(spec.get("if", "success()")), failed_needs):
                run.skipped = True
                continue
            _run_job(spec, run, context, action_yml, workspace, artifacts, env, action_inputs)
        done[name] = all(r.action is None or not r.action.failed for r in results if r.name == name)
    return WorkflowRun(results, artifacts)


def _run_job(
    spec: dict[str, Any],
    run: JobRun,
    context: dict[str, Any],
    action_yml: Path,
    workspace: Path,
    artifacts: Path,
    env: dict[str, str],
    action_inputs: dict[str, str] | None,
) -> None:
    failed = False
    for step in spec["steps"]:
        uses = str(step.get("uses", ""))
        condition = str(step.get("if", "success()"))
        if not _step_condition(condition, context, failed):
            continue
        # Inputs are strings: YAML's true is "true", as the runner passes it.
        with_ = {
            k: substitute(str(v).lower() if isinstance(v, bool) else str(v), context)
            for k, v in (step.get("with") or {}).items()
        }
        if uses.startswith("actions/checkout@"):
            continue
        if uses.startswith(GATEKEEPER_USES):
            result = run_action(
                action_yml,
                workspace,
                Path(context["runner"]["temp"]),
                inputs={**with_, **(action_inputs or {})},
                env=env,
                skip_steps=("install",),
            )
            run.action = result
            context["steps"][step["id"]] = {"outputs": result.outputs}
            failed = failed or result.failed
        elif uses.startswith("actions/upload-artifact@"):
            paths = [line.strip() for line in with_["path"].splitlines() if line.strip()]
            target = artifacts / with_["name"]
            assert not target.exists(), f"artifact {with_['name']} uploaded twice"
            target.mkdir()
            for path in paths:
                shutil.copy(path, target / Path(path).name)
            run.uploaded[with_["name"]] = sorted(Path(p).name for p in paths)
        elif uses.startswith("actions/download-artifact@"):
            assert with_.get("merge-multiple") == "true", "the merge job expects one directory of results"
            destination = Path(with_["path"])
            destination.mkdir(parents=True, exist_ok=True)
            for artifact in sorted(artifacts.iterdir()):
                if fnmatch.fnmatchcase(artifact.name, with_["pattern"]):
                    for item in artifact.iterdir():
                        shutil.copy(item, destination / item.name)
        else:
            raise AssertionError(f"the simulation does not know the step {uses or step.get('name')}")


def _job_order(jobs: dict[str, Any]) -> list[str]:
    order: list[str] = []
    while len(order) < len(jobs):
        ready = [n for n in jobs if n not in order and all(need in order for need in _needs(jobs[n]))]
        assert ready, "the jobs' needs form a cycle"
        order.extend(ready)
    return order


def _needs(spec: dict[str, Any]) -> list[str]:
    needs = spec.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def _matrix(spec: dict[str, Any]) -> list[dict[str, Any]]:
    matrix = (spec.get("strategy") or {}).get("matrix")
    if not matrix:
        return [{}]
    keys = sorted(matrix)
    return [dict(zip(keys, values)) for values in product(*(matrix[k] for k in keys))]


def _job_condition(condition: str, failed_needs: bool) -> bool:
    expression = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    if expression in ("!cancelled()", "always()"):
        return True
    assert expression == "success()", f"unsupported job condition: {condition}"
    return not failed_needs


def _step_condition(condition: str, context: dict[str, Any], failed: bool) -> bool:
    expression = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    parts = [p.strip() for p in expression.split("&&")]
    status = [p for p in parts if p in ("always()", "success()", "failure()")]
    rest = [p for p in parts if p not in status]
    ok = True if "always()" in status else (failed if "failure()" in status else not failed)
    return ok and all(substitute("${{ " + p + " }}", context) == "true" for p in rest)
