import ldap
from django.http import JsonResponse


def directory_lookup(request):
    l = ldap.initialize("ldap://directory")
    name = request.GET.get("cn", "")
    search_filter = "(&(objectClass=user)(cn=*" + name + "*))"
    # ruleid: python-ldap-injection
    results = l.search_s("dc=corp,dc=example", ldap.SCOPE_SUBTREE, search_filter)
    return JsonResponse({"count": len(results)})
