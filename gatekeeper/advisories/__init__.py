"""Dependency scanning support: manifests and lock files, OSV advisories, version matching, a local index.

The dependency scanner (gatekeeper/scanners/dependencies.py) reads the packages a project pins
(`manifests`), asks one `AdvisorySource` (`interface`) which of them are affected, and turns the
answers into findings. Sources: a local OSV database (`local`, indexed once per digest in `index`),
the cache `gatekeeper advisories update` fills (`update`), or pip-audit's online services (`online`).
"""
