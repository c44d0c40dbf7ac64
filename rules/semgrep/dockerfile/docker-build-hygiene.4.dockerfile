# A batch job: no port, no server, so no HEALTHCHECK needed: no finding is expected anywhere here.
FROM python:3.12-slim
COPY job.py /job.py
USER 10001
CMD ["python", "/job.py"]
