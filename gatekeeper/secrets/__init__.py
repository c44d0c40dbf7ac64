"""Secret and card-number (PAN) detection: the detectors behind the `secrets` scanner and the
engine's redaction stage. Nothing here formats a report or knows about policies."""
