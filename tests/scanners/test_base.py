"""A scanner's result: its round trip through a dict (the cache and `gatekeeper report` read it back)."""

from __future__ import annotations

from gatekeeper.scanners.base import ClearedSink, ScannerResult


def test_a_result_with_cleared_sinks_comes_back_from_its_dict_and_one_without_has_no_key() -> None:
    cleared = ClearedSink("app/views.py", 12, 13, "open-redirect", "app.checks.safe_next", "app/checks.py:4", False)
    result = ScannerResult("taint", "1", scanned=("app/views.py",), cleared=(cleared,))
    assert ScannerResult.from_dict(result.to_dict()).cleared == (cleared,)
    assert "cleared" not in ScannerResult("taint", "1").to_dict()
