import os
import shlex
import subprocess

from django.conf import settings


def dump_database():
    target = os.path.join(settings.BACKUP_ROOT, "db.sql")
    # ok: command-injection
    os.system("pg_dump --no-owner app > " + shlex.quote(target))


def compress(request):
    level = request.GET.get("level", "6")
    # ruleid: command-injection
    subprocess.run("gzip -" + level + " /srv/backups/db.sql", shell=True, check=True)


def rotate():
    # ok: command-injection
    subprocess.run("find /srv/backups -mtime +7 -delete", shell=True, check=True)
