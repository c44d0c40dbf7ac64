import pickle

from django.http import JsonResponse

from jobs import codec
from jobs.codec import decode_job

DEFAULT_JOB = pickle.dumps({"task": "noop"})


def submit(request):
    job = decode_job(request.POST["job"])
    return JsonResponse({"task": job.get("task")})


def configure(request):
    config = codec.decode_config(request.body.decode())
    return JsonResponse({"keys": sorted(config)})


def configure_safe(request):
    return JsonResponse({"keys": sorted(codec.decode_safe(request.body.decode()))})


def replay(request):
    blob = request.GET.get("job")
    blob = DEFAULT_JOB
    return JsonResponse({"task": pickle.loads(blob)["task"]})  # ok: insecure-deserialization
