FROM python:3.12-slim
# ruleid: docker-secret-build-arg
ARG NPM_TOKEN
# ruleid: docker-secret-build-arg
ARG GITHUB_TOKEN
# ok: docker-secret-build-arg
ARG APP_VERSION=1.4.2
# ruleid: docker-secret-in-env
ARG DB_PASSWORD=changeme
# ruleid: docker-secret-in-env
ENV STRIPE_API_KEY=placeholder-not-a-key
# ruleid: docker-secret-in-env
ENV APP_ENV=production JWT_SECRET="placeholder"
# ruleid: docker-secret-in-env
ENV DJANGO_SECRET_KEY placeholder
# ok: docker-secret-in-env
ENV PASSWORD_MIN_LENGTH=12
# ok: docker-secret-in-env
ENV OAUTH_TOKEN_URL=https://auth.example.com/token
# ok: docker-secret-in-env
ENV DB_PASSWORD_FILE=/run/secrets/db_password
# ok: docker-secret-in-env
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# ok: docker-secret-in-env
ENV TOKENIZER_MODEL=small
RUN --mount=type=secret,id=npm_token NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci
USER 10001
# ruleid: docker-secret-build-arg
ARG AWS_SECRET_ACCESS_KEY
# ok: docker-secret-build-arg
ARG BUILD_DATE
# ok: docker-secret-build-arg
ARG TOKEN_ENDPOINT_URL
