from django.http import JsonResponse

from .feeds import feed_root

KNOWN_SECTIONS = {"news", "sport", "weather"}


def items(request):
    section = request.GET.get("section", "news")
    root = feed_root()
    # ruleid: xpath-injection
    found = root.findall(f".//item[@section='{section}']")
    return JsonResponse({"titles": [i.findtext("title") for i in found]})


def items_known(request):
    section = request.GET.get("section", "news")
    if section not in KNOWN_SECTIONS:
        section = "news"
    root = feed_root()
    # ok: xpath-injection
    found = root.findall(".//item[@section='news']")
    return JsonResponse({"titles": [i.findtext("title") for i in found], "section": section})
