import requests
from django.http import JsonResponse

STATUS_URL = "https://status.example.com/api/v2/status.json"


def preview(request):
    url = request.GET["url"]
    # ruleid: ssrf
    page = requests.get(url, timeout=5)
    return JsonResponse({"title": page.text[:80]})


def status(request):
    # ok: ssrf
    page = requests.get(STATUS_URL, timeout=5)
    return JsonResponse(page.json())
