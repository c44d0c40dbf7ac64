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
# Exit status: 0 passed, 1 policy violation, 2 error or incomplete scan (any other failure too).
set -uo pipefail

main() {
    local gatekeeper="${GATEKEEPER:-gatekeeper}"
    local reports="${GATEKEEPER_REPORT_DIR:-${HOME:-/tmp}/gatekeeper-reports}"
    mkdir -p "$reports" || { echo "gatekeeper: error: cannot create $reports" >&2; exit 2; }
    local name
    for name in json sarif junit.xml txt md html; do
        rm -f "$reports/gatekeeper.$name"
    done

    local formats
    formats="$("$gatekeeper" scan --help 2>/dev/null | tr -s ' \n' '  ' | sed -n 's/.*Formats: \([a-z0-9_, -]*\)\..*/\1/p' | tr -d ' ')"
    local -a args=(scan "${GATEKEEPER_PATH:-.}"
        --output "json=$reports/gatekeeper.json" --output "sarif=$reports/gatekeeper.sarif"
        --output "junit=$reports/gatekeeper.junit.xml" --output "console=$reports/gatekeeper.txt")
    local markdown=""
    if [[ ",$formats," == *",markdown,"* ]]; then
        markdown="$reports/gatekeeper.md"
        args+=(--output "markdown=$markdown")
    fi
    if [[ ",$formats," == *",html,"* ]]; then
        args+=(--output "html=$reports/gatekeeper.html")
    fi
    [[ -n "${GATEKEEPER_FAIL_ON:-}" ]] && args+=(--fail-on "$GATEKEEPER_FAIL_ON")
    [[ -n "${GATEKEEPER_CONFIG:-}" ]] && args+=(--config "$GATEKEEPER_CONFIG")
    [[ -n "${GATEKEEPER_BASELINE:-}" ]] && args+=(--baseline "$GATEKEEPER_BASELINE")

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

    echo "gatekeeper: running: $gatekeeper $(printf '%q ' "${args[@]}")"
    local rc=0
    "$gatekeeper" "${args[@]}" || rc=$?

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
