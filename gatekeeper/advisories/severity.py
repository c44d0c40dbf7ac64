"""An advisory's severity, in the order the report states: a CVSS vector from `severity[]` (v4, then
v3, then v2; the `cvss` library scores them), else the database's own rating (GHSA's
`database_specific.severity`), else none (the scanner then applies its default and says so)."""

from __future__ import annotations

from collections.abc import Sequence

SEVERITY_RANK = {"none": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
DATABASE_SEVERITY = {"CRITICAL": "critical", "HIGH": "high", "MODERATE": "medium", "MEDIUM": "medium", "LOW": "low"}


def cvss_rating(entries: Sequence[tuple[str, str]]) -> tuple[str, str, float] | None:
    """(severity, vector, base score) from the newest CVSS version that parses; None if none does."""
    from cvss import CVSS2, CVSS3, CVSS4  # lazily: only records with vectors need it
    from cvss.exceptions import CVSSError

    calculators = {"CVSS_V4": CVSS4, "CVSS_V3": CVSS3, "CVSS_V2": CVSS2}
    for kind in calculators:
        for entry_kind, vector in entries:
            if entry_kind != kind:
                continue
            try:
                calc = calculators[kind](vector)
            except (CVSSError, ValueError, KeyError, IndexError):
                continue  # a malformed vector falls back to the next source of severity, never to "none"
            if kind == "CVSS_V4":
                return calc.severity.lower(), vector, float(calc.base_score)
            if kind == "CVSS_V3":
                return calc.severities()[0].lower(), vector, float(calc.base_score)
            score = float(calc.base_score)  # CVSS v2 has no qualitative scale; NVD's bands
            label = "high" if score >= 7.0 else "medium" if score >= 4.0 else "low"
            return label, vector, score
    return None


def worst(
    vectors: Sequence[Sequence[tuple[str, str]]], database: Sequence[str]
) -> tuple[str | None, str, str | None, float | None]:
    """(severity, source, vector, score): the worst CVSS rating among `vectors` (each a `severity[]`),
    else the worst database rating, else (None, "", None, None)."""
    ratings = [rating for source in vectors if source and (rating := cvss_rating(source)) is not None]
    if ratings:
        label, vector, score = max(ratings, key=lambda r: (SEVERITY_RANK.get(r[0], 0), r[2]))
        return label, "cvss", vector, score
    if database:
        return max(database, key=lambda s: SEVERITY_RANK[s]), "database", None, None
    return None, "", None, None
