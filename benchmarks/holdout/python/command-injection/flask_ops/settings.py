GIT = "/usr/bin/git"
ARCHIVE_DIR = "/srv/app/uploads"
