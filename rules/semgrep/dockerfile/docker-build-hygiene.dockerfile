FROM python:3.12-slim AS build
# ruleid: docker-add-local-file
ADD requirements.txt /src/
# ruleid: docker-add-local-file
ADD --chown=app:app src/ /src/app/
# ok: docker-add-local-file
ADD vendor/rootfs.tar.gz /
# ok: docker-add-local-file
ADD --checksum=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef https://example.com/tool.tgz /opt/
# ok: docker-add-local-file
COPY requirements.txt /src/
# ruleid: docker-add-local-file
ADD config.yaml settings.ini /etc/app/
# ruleid: docker-apt-install-recommends, docker-apt-lists-not-removed
RUN apt update && apt install -y git=1:2.39.2-1.1 && apt-get clean
# ruleid: docker-apt-install-recommends
RUN apt-get update \
    && apt-get install -y \
       unzip=6.0-28 \
    && rm -rf /var/lib/apt/lists/*
# ruleid: docker-unpinned-package, docker-apt-install-recommends, docker-apt-lists-not-removed
RUN apt-get update && apt-get install -y curl ca-certificates
# ok: docker-unpinned-package, docker-apt-install-recommends, docker-apt-lists-not-removed
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    && rm -rf /var/lib/apt/lists/*
# ruleid: docker-unpinned-package, docker-apt-lists-not-removed
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpq5=15.6-0+deb12u1 \
      gosu
# ok: docker-apt-install-recommends, docker-apt-lists-not-removed, docker-unpinned-package
RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get -o APT::Install-Recommends=false install -y tini=0.19.0-1
# ruleid: docker-unpinned-package
RUN pip install --no-cache-dir flask gunicorn==22.0.0
# ok: docker-unpinned-package
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt ./dist/app-1.0-py3-none-any.whl
# ok: docker-unpinned-package
RUN pip install --require-hashes -r /src/requirements.txt && pip install "uvicorn[standard]==0.30.1"
# ruleid: docker-unpinned-package
RUN pip3 install requests[socks]
FROM node:20.12.2-alpine3.19 AS assets
# ruleid: docker-unpinned-package
RUN apk add --no-cache git
# ok: docker-unpinned-package
RUN apk add --no-cache git=2.43.0-r0
# ruleid: docker-unpinned-package
RUN npm install -g pnpm
# ok: docker-unpinned-package
RUN npm install -g pnpm@9.1.0 && npm ci
# ruleid: docker-unpinned-package
RUN gem install bundler
# ok: docker-unpinned-package
RUN gem install bundler -v 2.5.9
# (no docker-missing-healthcheck here: the final stage has a HEALTHCHECK)
FROM python:3.12-slim
COPY --from=build /src /src
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["gunicorn", "app:app"]
