#!/usr/bin/env bash
# The advisory data a CI job scans with, for every adapter (the action's run.sh, travis/gatekeeper.sh;
# the Jenkins step does the same in its own sh): prints the value for `gatekeeper scan --advisories`
# (empty: pass none), messages go to stderr.
#
#   install/advisories.sh MODE STORE
#
# MODE  osv     (the default) keep STORE, a directory the CI caches, filled by `gatekeeper advisories
#               update` (GATEKEEPER_ADVISORIES_URL: a mirror in OSV's layout; GATEKEEPER_ADVISORIES_ECOSYSTEMS:
#               comma-separated), fetched at most once a day; then STORE.
#       online  OSV's API (`--advisories online`).
#       config  nothing: the policy's dependencies.advisories or GATEKEEPER_ADVISORIES decide.
#       PATH    an OSV directory or zip already there (filled by `gatekeeper advisories import` on an
#               air-gapped runner, or checked in); it must exist.
# A failed update is not an error here: the scan uses what STORE holds, and its age limit
# (--advisories-max-age, the policy's max_age_days, 5 days by default) turns stale or missing data
# into exit 2 when a manifest needs it. Exit status 2 only for a PATH that does not exist.
set -uo pipefail

# Data younger than this is not fetched again.
REFRESH_MINUTES="${GATEKEEPER_ADVISORIES_REFRESH_MINUTES:-1440}"

main() {
    local mode="${1:-osv}" store="${2:-}"
    case "$mode" in
        config) echo "" ;;
        online) echo online ;;
        osv)
            [[ -n "$store" ]] || { echo "gatekeeper: error: advisories.sh: no store directory given" >&2; exit 2; }
            refresh "$store"
            # The metadata files are written last, when an update succeeds: no file, no data.
            if [[ -n "$(metadata "$store")" ]]; then echo "$store"; else echo ""; fi
            ;;
        *)
            if [[ ! -e "$mode" ]]; then
                echo "gatekeeper: error: advisories: $mode does not exist (an OSV directory or zip, or osv, online, config)" >&2
                exit 2
            fi
            echo "$mode"
            ;;
    esac
}

refresh() {
    local store="$1"
    if [[ -n "$(metadata "$store" -mmin "-$REFRESH_MINUTES")" ]]; then
        echo "gatekeeper: advisory data in $store was fetched less than a day ago; not fetching again" >&2
        return
    fi
    local -a args=(advisories update --dest "$store")
    [[ -n "${GATEKEEPER_ADVISORIES_URL:-}" ]] && args+=(--url "$GATEKEEPER_ADVISORIES_URL")
    [[ -n "${GATEKEEPER_ADVISORIES_ECOSYSTEMS:-}" ]] && args+=(--ecosystem "$GATEKEEPER_ADVISORIES_ECOSYSTEMS")
    echo "gatekeeper: running: ${GATEKEEPER:-gatekeeper} $(printf '%q ' "${args[@]}")" >&2
    if ! "${GATEKEEPER:-gatekeeper}" "${args[@]}" >&2; then
        echo "gatekeeper: warning: the advisory update failed; the scan uses what $store holds, within its age limit" >&2
    fi
}

metadata() {
    local store="$1"
    shift
    [[ -d "$store" ]] || return 0
    find "$store" -mindepth 2 -maxdepth 2 -name gatekeeper-osv.json "$@" -print -quit 2>/dev/null
}

main "$@"
