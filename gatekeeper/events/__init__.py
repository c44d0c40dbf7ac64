"""OCSF events streamed to a SIEM as the scan runs (docs/siem.md).

- `destinations`: what `--events DEST` and the policy's `events:` name, parsed and checked;
- `sinks`: one sender per kind of destination (a JSON Lines file, syslog over TCP or TLS, HTTPS
  JSON batches or Splunk HEC), each one attempt, bounded in time;
- `delivery`: a background sender with retries and backoff that never blocks the scan, and the
  spool that keeps what could not be delivered (`gatekeeper events flush` sends it again);
- `ocsf_stream`: the events (scan activity, findings, controls), built on reports/ocsf.py's mapping;
- `stream`: the engine's listener that turns each scanner's completion into events.
"""
