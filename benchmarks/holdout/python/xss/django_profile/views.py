from django.http import HttpResponse
from django.utils.html import escape

from .models import Profile


def profile_card(request):
    nickname = request.GET.get("nick", "")
    # ruleid: xss
    return HttpResponse(f"<div class='card'>{nickname}</div>")


def profile_card_safe(request):
    nickname = request.GET.get("nick", "")
    # ok: xss
    return HttpResponse(f"<div class='card'>{escape(nickname)}</div>")


def profile_count(request):
    total = Profile.objects.count()
    # ok: xss
    return HttpResponse(f"<span>{total}</span>")
