#!/usr/bin/env bash
# gatekeeper as a Travis CI stage: a diff-aware scan on pull requests, a full scan on branch builds.
#
# Travis tells us the kind of build: TRAVIS_PULL_REQUEST is "false" on a push (scan everything) and
# the PR number on a pull request, where TRAVIS_COMMIT_RANGE ("base...head") names the base to diff
# against (TRAVIS_BRANCH, the PR's target branch, when that commit is not in the clone).
#
# Settings (environment): GATEKEEPER_PATH (.), GATEKEEPER_CONFIG, GATEKEEPER_FAIL_ON,
# GATEKEEPER_BASELINE, GATEKEEPER_REPORT_DIR ($HOME/gatekeeper-reports: outside the build
# directory, so reports are never scanned), GATEKEEPER (the command, default gatekeeper).
#
# Sharded (travis/example-sharded.travis.yml): GATEKEEPER_SHARD=K/N scans one shard and writes its
# result to GATEKEEPER_SHARD_DIR/shard-K.json (default gatekeeper-shards, a Travis workspace); such a
# job passes whatever it found, since a failed job would stop the build before the merge stage.
# GATEKEEPER_MERGE=DIR merges the shard results in DIR (`gatekeeper merge`) and gates on them.
#
# Advisory data (install/advisories.sh): GATEKEEPER_ADVISORIES_SOURCE is osv (default: OSV's
# exports, or GATEKEEPER_ADVISORIES_URL's mirror, fetched at most once a day into
# GATEKEEPER_ADVISORY_STORE, default $HOME/.cache/gatekeeper-advisories, which the Travis cache
# keeps), online, config (the policy's), or a path (e.g. filled by `gatekeeper advisories import`).
# The age limit is gatekeeper's (GATEKEEPER_ADVISORIES_MAX_AGE, the policy's max_age_days).
#
# Exit status: 0 passed, 1 policy violation, 2 error or incomplete scan (any other failure too).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

main() {
    local gatekeeper="${GATEKEEPER:-gatekeeper}"
    local reports="${GATEKEEPER_REPORT_DIR:-${HOME:-/tmp}/gatekeeper-reports}"
    mkdir -p "$reports" || { echo "gatekeeper: error: cannot create $reports" >&2; exit 2; }
    local name
    for name in json sarif junit.xml txt md html; do
        rm -f "$reports/gatekeeper.$name"
    done

    if [[ -n "${GATEKEEPER_SHARD:-}" ]]; then
        shard "$gatekeeper" "$reports"
    fi
    if [[ -n "${GATEKEEPER_MERGE:-}" ]]; then
        local -a results
        mapfile -t results < <(find "$GATEKEEPER_MERGE" -maxdepth 1 -name '*.json' -type f 2>/dev/null | LC_ALL=C sort)
        if ((${#results[@]} == 0)); then
            echo "gatekeeper: error: no shard results (*.json) in '$GATEKEEPER_MERGE' (did the shard jobs create their workspaces?)"
            exit 2
        fi
        local -a args=(merge "${results[@]}")
    else
        local -a args=(scan "${GATEKEEPER_PATH:-.}")
    fi

    local formats
    formats="$("$gatekeeper" scan --help 2>/dev/null | tr -s ' \n' '  ' | sed -n 's/.*Formats: \([a-z0-9_, -]*\)\..*/\1/p' | tr -d ' ')"
    args+=(--output "json=$reports/gatekeeper.json" --output "sarif=$reports/gatekeeper.sarif"
        --output "junit=$reports/gatekeeper.junit.xml" --output "console=$reports/gatekeeper.txt")
    local markdown=""
    if [[ ",$formats," == *",markdown,"* ]]; then
        markdown="$reports/gatekeeper.md"
        args+=(--output "markdown=$markdown")
    fi
    if [[ ",$formats," == *",html,"* ]]; then
        args+=(--output "html=$reports/gatekeeper.html")
    fi
    if [[ -z "${GATEKEEPER_MERGE:-}" ]]; then
        scan_settings "$gatekeeper"
    else
        echo "gatekeeper: merging ${#results[@]} shard result(s) from $GATEKEEPER_MERGE"
    fi

    echo "gatekeeper: running: $gatekeeper $(printf '%q ' "${args[@]}")"
    local rc=0
    "$gatekeeper" "${args[@]}" || rc=$?
    report "$rc" "$reports" "$markdown"
}

# The settings a scan (whole or one shard) takes: thresholds, policy, advisory data, diff base.
# Appends to the caller's args.
scan_settings() {
    local gatekeeper="$1"
    [[ -n "${GATEKEEPER_FAIL_ON:-}" ]] && args+=(--fail-on "$GATEKEEPER_FAIL_ON")
    [[ -n "${GATEKEEPER_CONFIG:-}" ]] && args+=(--config "$GATEKEEPER_CONFIG")
    [[ -n "${GATEKEEPER_BASELINE:-}" ]] && args+=(--baseline "$GATEKEEPER_BASELINE")
    local advisories
    advisories="$(GATEKEEPER="$gatekeeper" bash "$here/../install/advisories.sh" "${GATEKEEPER_ADVISORIES_SOURCE:-osv}" \
        "${GATEKEEPER_ADVISORY_STORE:-${HOME:-/tmp}/.cache/gatekeeper-advisories}")" || exit 2
    [[ -n "$advisories" ]] && args+=(--advisories "$advisories")

    if [[ "${TRAVIS_PULL_REQUEST:-false}" != "false" ]]; then
        local base
        base="$(pull_request_base)"
        if [[ -n "$base" ]]; then
            echo "gatekeeper: pull request #${TRAVIS_PULL_REQUEST}: scanning the changes since $base"
            args+=(--diff-base "$base")
        else
            # A full scan covers more than a diff-aware one: falling back never hides a finding.
            echo "gatekeeper: warning: pull request base not found (TRAVIS_COMMIT_RANGE=${TRAVIS_COMMIT_RANGE:-}); scanning everything"
        fi
    else
        echo "gatekeeper: branch build (${TRAVIS_BRANCH:-unknown}): scanning everything"
    fi
}

# One shard: its JSON result for the merge stage. Never fails the job (the merge stage gates, and
# names a shard whose result is missing); exits.
shard() {
    local gatekeeper="$1" reports="$2"
    if [[ ! "$GATEKEEPER_SHARD" =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]]; then
        echo "gatekeeper: error: GATEKEEPER_SHARD='$GATEKEEPER_SHARD' is not K/N (e.g. 2/4)"
        exit 2
    fi
    local dir="${GATEKEEPER_SHARD_DIR:-gatekeeper-shards}"
    mkdir -p "$dir" || { echo "gatekeeper: error: cannot create $dir"; exit 2; }
    local result="$dir/shard-${GATEKEEPER_SHARD%%/*}.json"
    rm -f "$result"
    local -a args=(scan "${GATEKEEPER_PATH:-.}" --shard "$GATEKEEPER_SHARD"
        --output "json=$result" --output "console=$reports/gatekeeper.txt")
    scan_settings "$gatekeeper"
    echo "gatekeeper: running: $gatekeeper $(printf '%q ' "${args[@]}")"
    local rc=0
    "$gatekeeper" "${args[@]}" || rc=$?
    echo "gatekeeper: shard $GATEKEEPER_SHARD exited $rc; its result is $result; the merge stage decides"
    exit 0
}

report() {
    local rc="$1" reports="$2" markdown="$3"
    if [[ -n "$markdown" && -s "$markdown" ]]; then
        echo "travis_fold:start:gatekeeper-summary"
        echo "gatekeeper summary ($markdown)"
        cat "$markdown"
        echo
        echo "travis_fold:end:gatekeeper-summary"
    fi
    echo "gatekeeper: reports in $reports"

    case "$rc" in
        0) echo "gatekeeper: passed" ;;
        1) echo "gatekeeper: failed: policy violation" ;;
        2) echo "gatekeeper: error: the scan is incomplete or could not run" ;;
        127)
            echo "gatekeeper: error: '$gatekeeper' was not found (install gatekeeper in the install phase)"
            rc=2
            ;;
        *)
            echo "gatekeeper: error: gatekeeper ended with exit status $rc"
            rc=2
            ;;
    esac
    exit "$rc"
}

# The commit to diff a pull request against: the base of TRAVIS_COMMIT_RANGE when the clone has it,
# else the tip of the target branch, fetched if need be; empty when neither shares history with HEAD.
pull_request_base() {
    local range="${TRAVIS_COMMIT_RANGE:-}" base=""
    if [[ "$range" == *...* ]]; then
        base="${range%%...*}"
    elif [[ "$range" == *..* ]]; then
        base="${range%%..*}"
    fi
    # gatekeeper diffs against the merge-base of HEAD and the base, so both must be in the clone.
    if [[ -n "$base" ]] && git merge-base "$base" HEAD >/dev/null 2>&1; then
        printf '%s' "$base"
        return
    fi
    [[ -n "${TRAVIS_BRANCH:-}" ]] || return 0
    local ref="origin/$TRAVIS_BRANCH"
    if ! git merge-base "$ref" HEAD >/dev/null 2>&1; then
        GIT_TERMINAL_PROMPT=0 git fetch --quiet --no-tags origin \
            "+refs/heads/$TRAVIS_BRANCH:refs/remotes/$ref" >/dev/null 2>&1 || true
    fi
    if git merge-base "$ref" HEAD >/dev/null 2>&1; then
        printf '%s' "$ref"
    fi
}

main "$@"
