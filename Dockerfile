# syntax=docker/dockerfile:1
# gatekeeper's container image: the CLI and its scanners, installed from the hash-pinned lock,
# run as an unprivileged user. Usage (GitLab CI, Jenkins agents, a laptop): docs/container.md.
#
#   docker build -t gatekeeper .                                                # no advisory data inside
#   docker build --build-arg ADVISORIES_URL=https://osv-vulnerabilities.storage.googleapis.com \
#                --build-arg ADVISORY_ECOSYSTEMS=PyPI,npm -t gatekeeper:osv .   # with a snapshot
#
# The base is pinned by digest (a tag can be moved; a digest cannot), written out in both FROM
# lines so that gatekeeper's own Dockerfile checks see the pin. Refresh both deliberately, with a
# bot or by hand (docs/container.md#refreshing-the-base-image):
#   skopeo inspect --format '{{.Digest}}' docker://docker.io/library/python:3.12-slim-bookworm

# --- build: the virtualenv, from the lock (wheels only: no compiler is needed, or present later)
FROM docker.io/library/python:3.12-slim-bookworm@sha256:782412e85d0f0984994c290652577d4018aff08145c85b262bb63dc0c7522254 AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY install/ install/
COPY pyproject.toml README.md ./
COPY gatekeeper/ gatekeeper/
COPY rules/ rules/
RUN bash install/install.sh /opt/gatekeeper \
    && /opt/gatekeeper/bin/python -m pip uninstall --yes --quiet hatchling pip

# --- advisories: an optional OSV snapshot for air-gapped runners (empty unless ADVISORIES_URL is set)
FROM build AS advisories
ARG ADVISORIES_URL=""
ARG ADVISORY_ECOSYSTEMS="PyPI,npm,Maven,Go"
RUN mkdir -p /cache/gatekeeper/osv \
    && if [ -n "$ADVISORIES_URL" ]; then \
        /opt/gatekeeper/bin/gatekeeper advisories update --url "$ADVISORIES_URL" \
            --ecosystem "$ADVISORY_ECOSYSTEMS" --dest /cache/gatekeeper/osv; \
    fi

# --- the image: the base, git (the commit and --diff-base), the virtualenv, nothing else
FROM docker.io/library/python:3.12-slim-bookworm@sha256:782412e85d0f0984994c290652577d4018aff08145c85b262bb63dc0c7522254
ARG GIT_VERSION=1:2.39.5-0+deb12u3
RUN apt-get update \
    && apt-get install -y --no-install-recommends "git=${GIT_VERSION}" \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --create-home --home-dir /home/gatekeeper --shell /usr/sbin/nologin gatekeeper
COPY --from=build /opt/gatekeeper /opt/gatekeeper
COPY --from=advisories --chown=10001:10001 /cache/gatekeeper /home/gatekeeper/.cache/gatekeeper
# Scans look for advisory data in GATEKEEPER_CACHE_DIR/osv (the snapshot, when there is one); a CI
# cache or a mounted store can take its place (docs/container.md).
ENV PATH=/opt/gatekeeper/bin:$PATH \
    GATEKEEPER_CACHE_DIR=/home/gatekeeper/.cache/gatekeeper \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER 10001
WORKDIR /src
ENTRYPOINT ["gatekeeper"]
CMD ["scan", "."]
