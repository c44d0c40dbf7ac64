FROM python:3.12-slim AS base
RUN useradd --uid 10001 app
USER app

# ok: docker-runs-as-root
FROM base AS final
USER root
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
# ok: docker-runs-as-root
USER app
RUN pip install --no-cache-dir gunicorn
# ruleid: docker-runs-as-root
USER root
CMD ["gunicorn", "app:app"]
