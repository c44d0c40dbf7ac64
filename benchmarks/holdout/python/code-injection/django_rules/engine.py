from django.http import JsonResponse

RULE_TEMPLATE = "def rule(order):\n    return order['total'] > 100\n"


def load_builtin_rule():
    namespace = {}
    # ok: code-injection
    exec(RULE_TEMPLATE, namespace)
    return namespace["rule"]


def run_rule(request):
    source = request.POST["rule"]
    namespace = {}
    # ruleid: code-injection
    exec(source, namespace)
    return JsonResponse({"loaded": sorted(namespace)})
