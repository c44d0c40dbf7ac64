import requests
from django.http import JsonResponse
from flask import Flask, request

app = Flask(__name__)
http = requests.Session()


@app.route("/webhooks/test", methods=["POST"])
def test_webhook():
    payload = request.get_json()
    # ruleid: python-ssrf
    resp = requests.post(payload["url"], json={"event": "ping"}, timeout=5)
    return {"status": resp.status_code}


def fetch_logo(request):
    logo = request.GET["logo"]
    # ruleid: python-ssrf
    data = requests.get(logo, stream=True).content
    return JsonResponse({"size": len(data)})


@app.route("/proxy")
def proxy():
    # ruleid: python-ssrf
    return http.get(request.args["u"]).text


@app.route("/rates")
def rates():
    currency = request.args.get("currency", "EUR")
    # ok: python-ssrf
    return requests.get("https://rates.example.com/latest", params={"base": currency}).json()


@app.route("/status")
def status():
    request.args.get("verbose")
    # ok: python-ssrf
    return requests.get("https://status.example.com/api").json()
