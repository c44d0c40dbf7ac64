from django.http import JsonResponse


def set_theme(request):
    theme = request.POST.get("theme", "light")
    # ruleid: trust-boundary
    request.session["theme"] = theme
    return JsonResponse({"ok": True})


def set_admin_flag(request):
    # ruleid: trust-boundary
    request.session["is_admin"] = request.GET.get("admin")
    return JsonResponse({"ok": True})


def set_page_size(request):
    size = int(request.GET.get("size", "20"))
    # ok: trust-boundary
    request.session["page_size"] = size
    return JsonResponse({"ok": True})
