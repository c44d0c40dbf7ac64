# ruleid: docker-missing-healthcheck
FROM python:3.12-slim
RUN pip install --no-cache-dir gunicorn==22.0.0
USER 10001
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
