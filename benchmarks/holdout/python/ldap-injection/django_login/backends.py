from django.conf import settings
from ldap3 import Connection, Server


class DirectoryBackend:
    def __init__(self) -> None:
        self.conn = Connection(Server(settings.LDAP_URL), settings.LDAP_BIND_DN, settings.LDAP_BIND_PW, auto_bind=True)

    def lookup(self, request):
        username = request.POST["username"]
        # ruleid: ldap-injection
        self.conn.search(settings.LDAP_BASE, search_filter="(uid=" + username + ")", attributes=["mail"])
        return self.conn.entries
