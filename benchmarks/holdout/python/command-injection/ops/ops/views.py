import os

from django.http import HttpResponseBadRequest, JsonResponse

from ops import shell
from ops.checks import clean_host
from ops.shell import ALLOWED_TOOLS, archive


def ping_view(request):
    return JsonResponse({"out": shell.ping(request.GET["host"])})


def safe_ping_view(request):
    return JsonResponse({"out": shell.safe_ping(request.GET["host"])})


def lookup_view(request):
    return JsonResponse({"out": shell.quoted_lookup(request.GET["name"])})


def backup_view(request):
    archive(request.POST.get("dir", "/srv/data"))
    return JsonResponse({"ok": True})


def tool_view(request):
    tool = request.GET.get("tool", "ping")
    if tool not in ALLOWED_TOOLS:
        return HttpResponseBadRequest("unknown tool")
    return JsonResponse({"out": os.popen(tool + " -V").read()})  # ok: command-injection


def checked_view(request):
    host = clean_host(request.GET["host"])
    return JsonResponse({"out": os.popen("ping -c 1 " + host).read()})  # ok: command-injection


def count_view(request):
    count = int(request.GET.get("n", "1"))
    return JsonResponse({"out": os.popen("seq %d" % count).read()})  # ok: command-injection
