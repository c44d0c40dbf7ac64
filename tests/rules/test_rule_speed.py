"""No rule of the pack is far slower than the others on the shapes that made rules explode: long
modules importing a web framework (statement-sequence patterns such as `from flask import $NAME,
...` followed by `...` grew with the module's length), many views, deep nesting. The bound is
relative to the pack's own median rule on the same files, so a slower machine slows every rule
alike; a rule timeout fails the test too."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from gatekeeper.rulepack import RulePack
from tests.reliability.helpers import error_line, gate, no_crash

REPO = Path(__file__).resolve().parents[2]
# Far above what any healthy rule needs on these files (well under a second): a rule that hits it
# is the pathological kind, and the test says which.
RULE_TIMEOUT = 60
# Measured against the median taint rule (the rules that do real work on request-heavy modules):
# healthy rules stay within a few times it even on a loaded 2-core machine; the shapes this guards
# against cost 100x and more. The floor only keeps sub-second noise from counting.
FACTOR = 10
FLOOR = 2.0


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_speed", REPO / "benchmarks" / "rule_speed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("rule_speed", module)
    spec.loader.exec_module(module)
    return module


rule_speed = _benchmark()

FLASK_VIEW = '''
@app.route("/items/{i}", methods=["GET", "POST"])
def item_{i}():
    name = request.args.get("name", "")
    if request.method == "POST":
        payload = request.get_json(silent=True) or {{}}
        for key, value in payload.items():
            if key.startswith("x_"):
                value = str(value).strip()
            else:
                continue
        db = get_db()
        rows = db.execute("SELECT id, label FROM items WHERE owner = ?", (session.get("user"),)).fetchall()
        return jsonify(rows=[dict(r) for r in rows])
    if name:
        return redirect(url_for("item_{i}"))
    subprocess.run(["/usr/bin/true", str({i})], check=False)
    with open(os.path.join(BASE, "static", "item_{i}.txt"), encoding="utf-8") as fh:
        text = fh.read()
    return render_template("item.html", text=text, name=name)
'''

DJANGO_VIEW = '''
class Item{i}View(LoginRequiredMixin, View):
    def get(self, request, pk):
        item = get_object_or_404(Item, pk=pk)
        q = request.GET.get("q", "")
        if q:
            items = Item.objects.filter(label__icontains=q)[:50]
        else:
            items = Item.objects.none()
        return render(request, "item.html", {{"item": item, "items": items}})

    def post(self, request, pk):
        form = ItemForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("invalid")
        with connection.cursor() as cursor:
            cursor.execute("UPDATE items SET label = %s WHERE id = %s", [form.cleaned_data["label"], pk])
        return HttpResponseRedirect(reverse("item", args=[pk]))
'''

FASTAPI_VIEW = '''
@router.get("/items/{i}")
async def item_{i}(request: Request, q: str = "", session: AsyncSession = Depends(get_session)):
    result = await session.execute(select(Item).where(Item.label.contains(q)).limit(50))
    items = result.scalars().all()
    if request.headers.get("accept", "").startswith("text/html"):
        return HTMLResponse(templates.get_template("items.html").render(items=items))
    async with httpx.AsyncClient() as client:
        await client.get("https://api.example.com/v1/status")
    return {{"items": [i.id for i in items]}}
'''


def _write_corpus(root: Path, views: int) -> None:
    flask = ["import os", "import subprocess", "",
             "from flask import Flask, jsonify, redirect, render_template, request, session, url_for",
             "from .db import get_db", "", 'BASE = os.path.dirname(__file__)', "app = Flask(__name__)", ""]
    flask += [FLASK_VIEW.format(i=i) for i in range(views)]
    flask += ['', 'if __name__ == "__main__":', '    app.run(host="127.0.0.1", debug=os.environ.get("DEBUG") == "1")', ""]
    (root / "flask_app.py").write_text("\n".join(flask), encoding="utf-8")
    django = ["from django.contrib.auth.mixins import LoginRequiredMixin",
              "from django.db import connection",
              "from django.http import HttpResponseBadRequest, HttpResponseRedirect",
              "from django.shortcuts import get_object_or_404, render",
              "from django.urls import reverse", "from django.views import View", "",
              "from .forms import ItemForm", "from .models import Item", ""]
    django += [DJANGO_VIEW.format(i=i) for i in range(views)]
    (root / "django_views.py").write_text("\n".join(django), encoding="utf-8")
    fastapi = ["import httpx", "from fastapi import APIRouter, Depends, Request",
               "from fastapi.responses import HTMLResponse", "from sqlalchemy import select",
               "from sqlalchemy.ext.asyncio import AsyncSession", "", "from .db import get_session",
               "from .models import Item", "from .templates import templates", "", "router = APIRouter()", ""]
    fastapi += [FASTAPI_VIEW.format(i=i) for i in range(views)]
    (root / "fastapi_routes.py").write_text("\n".join(fastapi), encoding="utf-8")


def test_slow_rules_are_judged_against_the_pack() -> None:
    times = {"a": 0.01, "b": 0.012, "c": 0.02, "d": 0.5, "idle": 0.0}
    assert rule_speed.slow_rules(times, factor=10, floor=0.1) == ["d"]
    assert rule_speed.slow_rules(times, factor=10, floor=1.0) == []  # noise under the floor
    assert rule_speed.slow_rules(times, factor=50, floor=0.1) == []
    assert rule_speed.slow_rules({"idle": 0.0}, factor=10, floor=0.0) == []
    # Against the busy rules only (the taint rules), a rule as slow as them is not slow.
    assert rule_speed.slow_rules(times, factor=10, floor=0.1, yardstick={"c", "d"}) == []


def test_no_rule_is_far_slower_than_the_others_on_long_framework_modules(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_corpus(corpus, views=60)  # about 1,300 lines in each module
    assert len((corpus / "flask_app.py").read_text().splitlines()) > 1000
    config = tmp_path / "pack.yaml"
    pack = RulePack(REPO / "rules")
    config.write_text(pack.merged_config, encoding="utf-8")
    report = rule_speed.scan(corpus, config, tmp_path / "state", RULE_TIMEOUT)
    timing = rule_speed.Timing(taint={str(r["id"]) for r in pack.semgrep_rules if r.get("mode") == "taint"})
    timing.add(report, corpus.name, pack.normalise_rule_id)
    assert timing.timeouts == [], f"rules timed out: {timing.timeouts}"
    assert len(timing.files) == 3
    busy = [rule for rule, seconds in timing.rules.items() if seconds > 0]
    assert len(busy) >= 10, f"too few rules did any work to compare them: {busy}"
    slow = rule_speed.slow_rules(timing.rules, factor=FACTOR, floor=FLOOR, yardstick=timing.taint)
    assert slow == [], rule_speed.format_report(timing, top=10, factor=FACTOR, floor=FLOOR)


# The shape that exploded (config-flask-debug-true until issue 18): `from flask import $NAME, ...`
# followed by `...`, which semgrep matched in time growing with the module's length.
EXPLODING_RULE = """rules:
  - id: org-flask-debug-old-shape
    languages: [python]
    severity: ERROR
    message: Flask debug mode
    patterns:
      - pattern-inside: |
          from flask import $NAME, ...
          ...
      - pattern: $APP.run(..., debug=True, ...)
    metadata:
      cwe: ["CWE-489: Active Debug Code"]
      confidence: MEDIUM
"""


def test_a_rule_over_its_time_limit_names_itself_and_the_file_and_fails_closed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "org-rules").mkdir(parents=True)
    # Plain code after a multi-name flask import: only the exploding shape has work to do here.
    body = "".join(f"\n\ndef helper_{i}(value):\n    total = value + {i}\n    return total * 2\n" for i in range(400))
    (project / "flask_app.py").write_text(
        "from flask import Flask, jsonify\n\napp = Flask(__name__)\n" + body + "\napp.run(debug=True)\n",
        encoding="utf-8")
    (project / "org-rules" / "debug.yaml").write_text(EXPLODING_RULE, encoding="utf-8")
    (project / ".gatekeeper.yml").write_text(
        "rules:\n  packs: [org-rules]\nscanners:\n  semgrep: {rule_timeout: 2}\n", encoding="utf-8")
    proc = gate("scan", str(project), "--scanner", "semgrep")
    no_crash(proc)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    line = error_line(proc, "flask_app.py", "org-flask-debug-old-shape", "rule_timeout")
    assert "debug.yaml" in line


SPRING_HANDLER = '''
    @GetMapping("/items/{i}")
    public List<Map<String, Object>> item{i}(@RequestParam String name, HttpServletRequest request) throws IOException {{
        String sort = request.getParameter("sort");
        if (!SORTS.contains(sort)) {{
            throw new IllegalArgumentException(sort);
        }}
        int page = 86;
        String label = (page * 2) > 100 ? "all" : name;
        Path file = ROOT.resolve("item{i}.txt").normalize();
        if (!file.startsWith(ROOT)) {{
            throw new SecurityException(name);
        }}
        session.setAttribute("lastItem", {i});
        return jdbc.queryForList("SELECT id FROM items WHERE label = ? ORDER BY " + sort, label);
    }}
'''

PLAIN_JAVA_METHOD = '''
    public Path locate{i}(Path base, String name) throws IOException {{
        Path candidate = base.resolve(name + "-{i}");
        if (Files.exists(candidate)) {{
            return candidate.toRealPath();
        }}
        Map<String, Integer> counts = new HashMap<>();
        for (int j = 0; j < {i}; j++) {{
            counts.merge(name + j, 1, Integer::sum);
        }}
        return new File(base.toFile(), String.valueOf(counts.size())).toPath();
    }}
'''


def test_java_rules_stay_cheap_and_skip_code_without_request_data(tmp_path: Path) -> None:
    """A long Spring controller costs no Java rule more than FACTOR times the median Java taint rule,
    times out nothing and, being safe throughout (allow-listed sort, constant branch, checked path,
    bound parameter), reports nothing; a long class that reads no request data (though it has the
    sinks' words: resolve, File, Files) costs the Java taint rules nothing: semgrep skips it."""
    corpus = tmp_path / "java"
    corpus.mkdir()
    controller = ["package com.acme;", "", "import java.io.IOException;", "import java.nio.file.Path;",
                  "import java.nio.file.Paths;", "import java.util.List;", "import java.util.Map;", "import java.util.Set;",
                  "import javax.servlet.http.HttpServletRequest;", "import javax.servlet.http.HttpSession;",
                  "import org.springframework.jdbc.core.JdbcTemplate;",
                  "import org.springframework.web.bind.annotation.GetMapping;",
                  "import org.springframework.web.bind.annotation.RequestParam;",
                  "import org.springframework.web.bind.annotation.RestController;", "",
                  "@RestController", "public class ItemController {",
                  '    private static final Set<String> SORTS = Set.of("id", "label");',
                  '    private static final Path ROOT = Paths.get("/srv/items");',
                  "    private JdbcTemplate jdbc;", "    private HttpSession session;"]
    controller += [SPRING_HANDLER.format(i=i) for i in range(60)] + ["}", ""]
    (corpus / "ItemController.java").write_text("\n".join(controller), encoding="utf-8")
    plain = ["package com.acme;", "", "import java.io.File;", "import java.io.IOException;", "import java.nio.file.Files;",
             "import java.nio.file.Path;", "import java.util.HashMap;", "import java.util.Map;", "",
             "public class Locator {"]
    plain += [PLAIN_JAVA_METHOD.format(i=i) for i in range(80)] + ["}", ""]
    (corpus / "Locator.java").write_text("\n".join(plain), encoding="utf-8")
    assert len((corpus / "ItemController.java").read_text().splitlines()) > 1000
    config = tmp_path / "pack.yaml"
    pack = RulePack(REPO / "rules")
    config.write_text(pack.merged_config, encoding="utf-8")
    report = rule_speed.scan(corpus, config, tmp_path / "state", RULE_TIMEOUT)
    assert report["results"] == [], [(r["check_id"], r["start"]["line"]) for r in report["results"]]
    java = {str(r["id"]) for r in pack.semgrep_rules if "java" in r.get("languages", [])}
    taint = {rule for rule in java if any(r["id"] == rule and r.get("mode") == "taint" for r in pack.semgrep_rules)}
    timing = rule_speed.Timing(taint=taint)
    timing.add(report, corpus.name, pack.normalise_rule_id)
    assert timing.timeouts == [], f"rules timed out: {timing.timeouts}"
    java_times = {rule: seconds for rule, seconds in timing.rules.items() if rule in java}
    assert len([r for r in java_times if r in taint]) >= 10 and any(java_times[r] > 0 for r in taint)
    slow = rule_speed.slow_rules(java_times, factor=FACTOR, floor=FLOOR, yardstick=taint)
    assert slow == [], rule_speed.format_report(timing, top=10, factor=FACTOR, floor=FLOOR)
    on_plain = {rule: seconds for (rule, path), seconds in timing.pairs.items() if rule in taint and path.endswith("Locator.java")}
    assert all(seconds == 0 for seconds in on_plain.values()), on_plain
