from django.db import connection
from django.http import JsonResponse

from .models import Article


def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        # ruleid: sql-injection
        cursor.execute("SELECT id, title FROM blog_article WHERE title LIKE '%%" + term + "%%'")
        rows = cursor.fetchall()
    return JsonResponse({"rows": rows})


def search_orm(request):
    term = request.GET.get("q", "")
    # ok: sql-injection
    rows = list(Article.objects.raw("SELECT id, title FROM blog_article WHERE title LIKE %s", [f"%{term}%"]))
    return JsonResponse({"rows": [r.id for r in rows]})


def by_order(request):
    column = request.GET.get("sort", "title")
    # ruleid: sql-injection
    rows = Article.objects.raw("SELECT id, title FROM blog_article ORDER BY %s" % column)
    return JsonResponse({"rows": [r.id for r in rows]})
