"""gatekeeper/shard.py: parsing K/N, the partition every shard plans alike, a whole-tree scanner's share."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.errors import GatekeeperError
from gatekeeper.scanners.base import ClearedSink, Component, ScannerResult, SkippedFile, by_directory
from gatekeeper.shard import Shard, owner, plan, restrict, tree_digest
from tests.compliance.factory import finding


@pytest.mark.parametrize("text, k, n", [("1/1", 1, 1), ("2/4", 2, 4), (" 3 / 3 ", 3, 3)])
def test_parse(text: str, k: int, n: int) -> None:
    assert Shard.parse(text) == Shard(k, n)


@pytest.mark.parametrize("text", ["0/4", "5/4", "1/0", "4", "a/b", "1/4/2", "-1/4", "1/1000"])
def test_parse_refuses_what_is_not_one_of_n(text: str) -> None:
    with pytest.raises(GatekeeperError, match="--shard"):
        Shard.parse(text)


def _tree(root: Path, sizes: dict[str, int]) -> list[str]:
    for path, size in sizes.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(b"x" * size)
    return sorted(sizes)


def test_every_file_lands_on_exactly_one_shard(tmp_path: Path) -> None:
    files = _tree(tmp_path, {f"pkg{i % 7}/m{i}.py": 100 + 37 * i for i in range(60)})
    parts = plan(tmp_path, files, [], 4)
    assert len(parts) == 4
    assert sorted(p for part in parts for p in part) == files
    assert all(parts)


def test_groups_stay_whole_even_when_chained(tmp_path: Path) -> None:
    files = _tree(
        tmp_path,
        {
            "infra/net/main.tf": 10,
            "infra/net/vars.tf": 10,
            "infra/net/outputs.tf": 10,
            "svc/requirements.txt": 5,
            "svc/requirements.lock": 5,
            "svc/app.py": 5000,
            **{f"lib/m{i}.py": 400 for i in range(20)},
        },
    )
    # Two groups sharing a file (a scanner's module and another's manifest pair) are one unit.
    groups = [*by_directory([f for f in files if f.endswith(".tf")]), ["svc/requirements.txt", "svc/requirements.lock"]]
    groups.append(["svc/requirements.lock", "infra/net/main.tf"])
    for n in (2, 3, 5):
        parts = plan(tmp_path, files, groups, n)
        home = [i for i, part in enumerate(parts) if "infra/net/main.tf" in part]
        assert len(home) == 1
        together = {"infra/net/vars.tf", "infra/net/outputs.tf", "svc/requirements.txt", "svc/requirements.lock"}
        assert together <= parts[home[0]]


def test_the_plan_is_the_same_whatever_order_files_and_groups_come_in(tmp_path: Path) -> None:
    files = _tree(tmp_path, {f"d{i % 5}/f{i}.tf": 50 + i for i in range(40)})
    groups = by_directory(files)
    one = plan(tmp_path, files, groups, 3)
    other = plan(tmp_path, list(reversed(files)), list(reversed([list(reversed(g)) for g in groups])), 3)
    assert one == other


def test_parts_are_balanced_by_size(tmp_path: Path) -> None:
    sizes = {f"src/f{i}.py": 1000 + (i * 7919) % 5000 for i in range(80)}
    files = _tree(tmp_path, sizes)
    parts = plan(tmp_path, files, [], 4)
    loads = [sum(sizes[p] for p in part) for part in parts]
    # Largest first onto the lightest part: no part exceeds another by more than the largest file.
    assert max(loads) - min(loads) <= max(sizes.values())


def test_more_shards_than_units_leaves_some_empty(tmp_path: Path) -> None:
    files = _tree(tmp_path, {"a.py": 1, "b.py": 1})
    parts = plan(tmp_path, files, [], 4)
    assert sorted(len(p) for p in parts) == [0, 0, 1, 1]


def test_files_left_out_have_one_owner_each() -> None:
    for path in ("big.bin", "link", "x/y.min.js"):
        owners = {owner(path, 4) for _ in range(3)}
        assert len(owners) == 1 and 1 <= owners.pop() <= 4


def test_tree_digest_tells_trees_apart() -> None:
    assert tree_digest(["a", "b"], []) == tree_digest(["b", "a"], [])
    assert tree_digest(["a", "b"], []) != tree_digest(["a"], ["b"])
    assert tree_digest(["a"], []) != tree_digest(["a", "c"], [])


def test_restrict_keeps_the_shard_files_and_the_first_shard_keeps_what_is_outside_the_tree() -> None:
    result = ScannerResult(
        "dependencies",
        "1",
        findings=(finding(path="a/requirements.txt"), finding(path="b/requirements.txt"), finding(path="/x/req.txt")),
        scanned=("a/requirements.txt", "b/requirements.txt"),
        skipped=(SkippedFile("b/requirements.txt", "parse error"),),
        inventory=(
            Component("flask", "1.0", "pkg:pypi/flask@1.0", "a/requirements.txt", 1),
            Component("yaml", "1.0", "pkg:pypi/yaml@1.0", "b/requirements.txt", 1),
        ),
        units=(("requirements", 2),),
        sensitive=frozenset({"hunter2"}),
    )
    tree = frozenset({"a/requirements.txt", "b/requirements.txt"})
    first = restrict(result, frozenset({"a/requirements.txt"}), tree, first=True)
    assert [f.location.path for f in first.findings] == ["a/requirements.txt", "/x/req.txt"]
    assert first.scanned == ("a/requirements.txt",) and not first.skipped
    assert [c.name for c in first.inventory] == ["flask"]
    second = restrict(result, frozenset({"b/requirements.txt"}), tree, first=False)
    assert [f.location.path for f in second.findings] == ["b/requirements.txt"]
    assert second.skipped == result.skipped
    # What the scanner counted and the secrets it saw are the tree's, on every shard.
    assert second.units == result.units and second.sensitive == result.sensitive


def test_restrict_keeps_the_passwords_a_dropped_finding_quotes_for_redaction() -> None:
    quoted = finding(
        "B105", scanner="bandit", path="b/settings.py", message="Possible hardcoded password: 'Zq8vT3mK9pLx'"
    )
    result = ScannerResult("bandit", "1", findings=(quoted,), scanned=("b/settings.py",))
    mine = restrict(result, frozenset({"a/app.py"}), frozenset({"a/app.py", "b/settings.py"}), first=True)
    assert not mine.findings
    # The shard without b/settings.py still redacts the value wherever its own findings show it.
    assert "Zq8vT3mK9pLx" in mine.sensitive


def test_restrict_keeps_the_cleared_sinks_of_the_shard_files() -> None:
    sinks = tuple(
        ClearedSink(path, 3, 3, "command-injection", "checks.name", "", False) for path in ("a/x.py", "b/y.py")
    )
    result = ScannerResult("taint", "1", scanned=("a/x.py", "b/y.py"), cleared=sinks)
    tree = frozenset({"a/x.py", "b/y.py"})
    assert restrict(result, frozenset({"b/y.py"}), tree, first=True).cleared == sinks[1:]
