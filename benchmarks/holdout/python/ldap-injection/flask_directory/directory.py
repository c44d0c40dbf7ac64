from ldap3 import ALL, Connection, Server

SERVER = Server("ldaps://ldap.corp.example", get_info=ALL)
BASE_DN = "ou=people,dc=corp,dc=example"


def connect() -> Connection:
    return Connection(SERVER, "cn=reader,dc=corp,dc=example", "from-vault", auto_bind=True)


def find_people(conn: Connection, ldap_filter: str) -> list:
    conn.search(search_base=BASE_DN, search_filter=ldap_filter, attributes=["cn", "mail"])
    return list(conn.entries)
