# ruleid: docker-base-image-unpinned
FROM python AS build
RUN pip wheel --wheel-dir /wheels -r requirements.txt

# ruleid: docker-base-image-unpinned
FROM node:latest AS assets
RUN npm ci && npm run build

# ruleid: docker-base-image-unpinned
from alpine

# ok: docker-base-image-unpinned
FROM python:3.12-slim AS final
# ok: docker-base-image-unpinned
FROM build
# ok: docker-base-image-unpinned
FROM docker.io/library/python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
# ok: docker-base-image-unpinned
FROM scratch
# ok: docker-base-image-unpinned
FROM ${BASE_IMAGE}
# ok: docker-base-image-unpinned
FROM python:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
# ruleid: docker-base-image-unpinned
FROM --platform=linux/amd64 debian:latest
# ok: docker-base-image-unpinned
FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS tools
USER 10001
