from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/calc", methods=["POST"])
def calc():
    data = request.get_json()
    # ruleid: python-code-injection
    result = eval(data["formula"], {"__builtins__": None}, {})
    return {"result": result}


def run_rule(request):
    code_text = request.POST.get("rule", "")
    # ruleid: python-code-injection
    exec(code_text)


@app.route("/page/<title>")
def page(title):
    template = "<h1>%s</h1><p>{{ body }}</p>" % title
    # ruleid: python-template-injection
    return render_template_string(template, body="...")


@app.route("/sum")
def total():
    values = [float(v) for v in request.args.getlist("v")]
    # ok: python-code-injection
    return {"sum": eval("sum(values)", {"values": values})}


@app.route("/page-safe/<title>")
def page_safe(title):
    # ok: python-template-injection
    return render_template_string("<h1>{{ title }}</h1>", title=title)
