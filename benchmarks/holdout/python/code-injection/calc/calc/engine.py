import ast

SAFE_FUNCS = {"abs": abs, "round": round}


def evaluate(expression):
    return eval(expression, {"__builtins__": {}}, SAFE_FUNCS)  # ruleid: code-injection


def literal(text):
    return ast.literal_eval(text)


def run_snippet(source):
    exec(compile(source, "<snippet>", "exec"), {})  # ruleid: code-injection
