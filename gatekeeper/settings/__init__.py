"""The configuration file, in parts: gatekeeper/config.py finds and loads it (its public face).

policy.py      the policy model: thresholds, scopes, waivers, inline rules (what the gate judges)
model.py       the rest of the file's model: paths, scanners, advisory data, rule packs (Config)
document.py    reading: YAML with the line of every key and value, pyproject.toml's table
validation.py  the shape: the JSON schema, its errors as one line naming the key
build.py       the meaning: what a schema cannot say (real dates, known controls, one matcher per waiver)
starter.py     `gatekeeper init`'s file
"""
