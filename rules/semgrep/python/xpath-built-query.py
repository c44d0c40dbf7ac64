import re
import xml.etree.ElementTree as ET

from django.http import JsonResponse

FEED = "/srv/feeds/latest.xml"
QUERIES = {"news": ".//item[@section='news']", "sport": ".//item[@section='sport']"}


def feed_root():
    return ET.parse(FEED).getroot()


def items(request):
    section = request.GET.get("section", "news")
    query = f".//item[@section='{section}']"
    # ruleid: python-xpath-injection-built-query
    found = feed_root().findall(query)
    return JsonResponse({"titles": [i.findtext("title") for i in found]})


def item_title(request):
    root = feed_root()
    path = ".//item[@id='" + request.GET["id"] + "']/title"
    # ruleid: python-xpath-injection-built-query
    return JsonResponse({"title": root.findtext(path)})


def authors(request):
    tree = ET.parse(FEED)
    name = request.POST.get("author", "")
    query = ".//item[author='%s']" % name
    # ruleid: python-xpath-injection-built-query
    return JsonResponse({"n": len(list(tree.iterfind(query)))})


def known_section(request):
    query = QUERIES[request.GET.get("section", "news")]
    # ok: python-xpath-injection-built-query
    found = feed_root().findall(query)
    return JsonResponse({"n": len(found)})


def count(request):
    limit = int(request.GET.get("limit", "10"))
    # ok: python-xpath-injection-built-query
    found = feed_root().findall(".//item")[:limit]
    return JsonResponse({"n": len(found)})


def words(request):
    text = request.POST.get("text", "")
    pattern = request.POST.get("pattern", r"\w+")
    # ok: python-xpath-injection-built-query
    return JsonResponse({"n": len(re.findall(pattern, text))})


def position(request):
    body = request.POST.get("body", "")
    needle = request.POST.get("needle", "")
    # ok: python-xpath-injection-built-query
    return JsonResponse({"at": body.find(needle)})
