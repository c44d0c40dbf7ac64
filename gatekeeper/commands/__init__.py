"""The `gatekeeper` subcommands, one module each; gatekeeper/cli.py groups them and owns the exit code.

scan.py        scan (request.py turns the flags and the config into the engine's request)
baseline.py    baseline create
configfile.py  init, config schema, config show
advisories.py  advisories update
report.py      report (from a saved JSON result)
merge.py       merge (the JSON results of `scan --shard K/N`)
controls.py    controls (the catalogs)
options.py     what several commands share: --config, --scanner, --output FORMAT=FILE
"""
