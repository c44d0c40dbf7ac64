#!/usr/bin/env bash
# The gatekeeper GitHub Action's logic, kept out of action.yml so it can be tested on its own.
#
#   run.sh prepare     the paths and cache keys the install and advisory steps use.
#   run.sh advisories  the advisory data the scan uses (INPUT_ADVISORIES), by install/advisories.sh:
#                      "osv" refreshes the store in the Actions cache unless it was fetched less
#                      than a day ago; a path or "online" is passed on as it is.
#   run.sh scan   turn the action's inputs (INPUT_* variables) and the GitHub environment into one
#                 `gatekeeper scan` (one shard of it with INPUT_SHARD, or `gatekeeper merge` of the
#                 shard results in INPUT_MERGE); print its annotations, write the job summary and
#                 the step outputs. Exits 0 whatever the verdict, so the SARIF upload can still follow.
#   run.sh gate   exit with the scan's exit code (EXIT_CODE): the step fails exactly when the gate
#                 says so (1 policy violation, 2 error or incomplete scan).
#
# Inputs: INPUT_PATH INPUT_CONFIG INPUT_FAIL_ON INPUT_BASELINE INPUT_SARIF_FILE INPUT_DIFF_BASE
# INPUT_SHARD INPUT_MERGE INPUT_ADVISORIES* ADVISORIES (the advisories step's answer);
# GATEKEEPER_BIN, a directory put first on PATH (the action's own virtualenv).
set -uo pipefail

# GitHub shows at most 1 MiB of summary per step; leave room for our own lines.
SUMMARY_LIMIT_BYTES=900000

main() {
    case "${1:-}" in
        prepare) prepare ;;
        advisories) advisories ;;
        scan) scan ;;
        gate) gate ;;
        *)
            echo "usage: run.sh prepare|advisories|scan|gate" >&2
            exit 2
            ;;
    esac
}

prepare() {
    local temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}" lock="$ACTION_PATH/../install/requirements.lock.txt"
    [[ -f "$lock" ]] || die "the lock file $lock is missing from the action"
    set_output lock-sha "$(sha256_of "$lock")"
    set_output pip-cache "$temp/gatekeeper-pip-cache"
    set_output day "$(date -u +%Y-%m-%d)"
    set_output advisory-store "$temp/gatekeeper-advisories"
    # The cache key names what is fetched, so a change of mirror or ecosystems starts afresh.
    local what="${INPUT_ADVISORIES_URL:-osv} ${INPUT_ADVISORIES_ECOSYSTEMS:-all}"
    set_output advisory-key "gatekeeper-advisories-$(printf '%s' "$what" | sha256_of -)"
    if [[ "${INPUT_ADVISORIES:-osv}" == osv && -z "${INPUT_MERGE:-}" ]]; then
        set_output fetch true
    else
        set_output fetch false
    fi
}

# The shared logic of every adapter: install/advisories.sh (fetched at most once a day, a failed
# fetch left to the scan's age limit). Its warnings become annotations.
advisories() {
    if [[ -n "${GATEKEEPER_BIN:-}" ]]; then
        PATH="$GATEKEEPER_BIN:$PATH"
    fi
    cd "${GITHUB_WORKSPACE:-.}" || die "cannot enter the workspace ${GITHUB_WORKSPACE:-}"
    local value messages rc
    messages="$(mktemp)"
    value="$(GATEKEEPER_ADVISORIES_URL="${INPUT_ADVISORIES_URL:-}" \
        GATEKEEPER_ADVISORIES_ECOSYSTEMS="${INPUT_ADVISORIES_ECOSYSTEMS:-}" \
        bash "$ACTION_PATH/../install/advisories.sh" "${INPUT_ADVISORIES:-osv}" "${ADVISORY_STORE:-}" 2>"$messages")"
    rc=$?
    replay_without_commands "$messages"
    if grep -q '^gatekeeper: warning: ' "$messages"; then
        echo "::warning title=gatekeeper::$(escape_data "$(sed -n 's/^gatekeeper: warning: //p' "$messages" | head -n 1)")"
    fi
    if ((rc != 0)); then
        die "$(sed -n 's/^gatekeeper: error: //p' "$messages" | tail -n 1)"
    fi
    rm -f "$messages"
    set_output advisories "$value"
}

sha256_of() {
    python3 -c 'import hashlib, sys
data = sys.stdin.buffer.read() if sys.argv[1] == "-" else open(sys.argv[1], "rb").read()
print(hashlib.sha256(data).hexdigest())' "$1"
}

scan() {
    if [[ -n "${GATEKEEPER_BIN:-}" ]]; then
        PATH="$GATEKEEPER_BIN:$PATH"
    fi
    cd "${GITHUB_WORKSPACE:-.}" || die "cannot enter the workspace ${GITHUB_WORKSPACE:-}"

    local reports="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gatekeeper-reports"
    mkdir -p "$reports" || die "cannot create $reports"
    local json="$reports/gatekeeper.json" junit="$reports/gatekeeper.junit.xml" text="$reports/gatekeeper.txt"
    local markdown="" html="" sarif="${INPUT_SARIF_FILE:-$reports/gatekeeper.sarif}"
    local stderr_file="$reports/gatekeeper.stderr" annotations="$reports/gatekeeper.annotations"
    rm -f "$json" "$junit" "$text" "$sarif" "$reports/gatekeeper.md" "$reports/gatekeeper.html" "$stderr_file" "$annotations"

    local formats
    formats="$(report_formats)"
    local -a args
    if [[ -n "${INPUT_SHARD:-}" && -n "${INPUT_MERGE:-}" ]]; then
        die "inputs shard and merge are exclusive: a job either scans one shard or merges them all"
    elif [[ -n "${INPUT_SHARD:-}" ]]; then
        [[ "$INPUT_SHARD" =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]] || die "shard: '$INPUT_SHARD' is not K/N (e.g. 2/4)"
        # A shard's one product is its JSON result, for the merge job.
        json="$reports/shard-${INPUT_SHARD%%/*}.json"
        sarif=""
        junit=""
        rm -f "$json"
        args=(scan "${INPUT_PATH:-.}" --shard "$INPUT_SHARD" --format github
            --output "json=$json" --output "console=$text")
    elif [[ -n "${INPUT_MERGE:-}" ]]; then
        local -a results
        mapfile -t results < <(find "$INPUT_MERGE" -maxdepth 1 -name '*.json' -type f 2>/dev/null | LC_ALL=C sort)
        ((${#results[@]})) || die "merge: no shard results (*.json) in '$INPUT_MERGE'"
        args=(merge "${results[@]}"
            --output "json=$json" --output "sarif=$sarif" --output "junit=$junit" --output "console=$text")
    else
        args=(scan "${INPUT_PATH:-.}" --format github
            --output "json=$json" --output "sarif=$sarif" --output "junit=$junit" --output "console=$text")
    fi
    if [[ -z "${INPUT_SHARD:-}" ]] && has_format "$formats" markdown; then
        markdown="$reports/gatekeeper.md"
        args+=(--output "markdown=$markdown")
    fi
    if [[ -z "${INPUT_SHARD:-}" ]] && has_format "$formats" html; then
        html="$reports/gatekeeper.html"
        args+=(--output "html=$html")
    fi
    if [[ -z "${INPUT_MERGE:-}" ]]; then
        # A merge judges the shards by the policy they were scanned with (its digest is checked).
        [[ -n "${INPUT_FAIL_ON:-}" ]] && args+=(--fail-on "$INPUT_FAIL_ON")
        [[ -n "${INPUT_CONFIG:-}" ]] && args+=(--config "$INPUT_CONFIG")
        [[ -n "${INPUT_BASELINE:-}" ]] && args+=(--baseline "$INPUT_BASELINE")
        [[ -n "${ADVISORIES:-}" ]] && args+=(--advisories "$ADVISORIES")
        [[ -n "${INPUT_ADVISORIES_MAX_AGE:-}" ]] && args+=(--advisories-max-age "$INPUT_ADVISORIES_MAX_AGE")
        local diff_base
        diff_base="$(resolve_diff_base)"
        [[ -n "$diff_base" ]] && args+=(--diff-base "$diff_base")
    fi

    echo "gatekeeper: running: gatekeeper $(printf '%q ' "${args[@]}")"
    # Annotations go to the log as they come (the runner acts on them); a copy feeds the summary.
    gatekeeper "${args[@]}" 2>"$stderr_file" | tee "$annotations"
    local rc="${PIPESTATUS[0]}"
    replay_without_commands "$stderr_file"
    case "$rc" in
        0 | 1 | 2) ;;
        127)
            echo "gatekeeper: error: the gatekeeper command was not found (is the install step skipped?)" | tee -a "$stderr_file"
            rc=2
            ;;
        *)
            echo "gatekeeper: error: gatekeeper ended with exit status $rc" | tee -a "$stderr_file"
            rc=2
            ;;
    esac

    local findings="" failing_controls=""
    if [[ -s "$json" ]]; then
        local counts
        counts="$(report_counts "$json")"
        findings="${counts%%$'\n'*}"
        [[ "$counts" == *$'\n'* ]] && failing_controls="${counts#*$'\n'}"
    fi

    write_summary "$rc" "$markdown" "$text" "$stderr_file" "$json"
    write_unannotated "$annotations" "$reports/gatekeeper.unannotated" "$json"

    set_output exit-code "$rc"
    set_output findings "$findings"
    set_output failing-controls "$failing_controls"
    set_output sarif-file "$(existing "$sarif")"
    set_output json-file "$(existing "$json")"
    set_output junit-file "$(existing "$junit")"
    set_output html-file "$(existing "$html")"
    if [[ -n "$markdown" && -s "$markdown" ]]; then
        set_output summary-file "$markdown"
    else
        set_output summary-file "$(existing "$text")"
    fi
    return 0
}

gate() {
    case "${EXIT_CODE:-}" in
        0)
            echo "gatekeeper: passed"
            exit 0
            ;;
        1)
            echo "gatekeeper: failed: policy violation (see the annotations and the job summary)"
            exit 1
            ;;
        2)
            echo "gatekeeper: error: the scan is incomplete or could not run (see the log above)"
            exit 2
            ;;
        *)
            echo "gatekeeper: error: the scan step reported no exit code"
            exit 2
            ;;
    esac
}

# The report formats this gatekeeper can write, from `gatekeeper scan --help` ("Formats: a, b, c.").
report_formats() {
    gatekeeper scan --help 2>/dev/null | tr -s ' \n' '  ' | sed -n 's/.*Formats: \([a-z0-9_, -]*\)\..*/\1/p' | tr -d ' '
}

has_format() {
    [[ ",$1," == *",$2,"* ]]
}

# An explicit diff-base wins; on pull requests the base branch is the default; otherwise a full scan.
resolve_diff_base() {
    if [[ -n "${INPUT_DIFF_BASE:-}" ]]; then
        printf '%s' "$INPUT_DIFF_BASE"
        return
    fi
    case "${GITHUB_EVENT_NAME:-}" in
        pull_request | pull_request_target) ;;
        *) return ;;
    esac
    [[ -n "${GITHUB_BASE_REF:-}" ]] || return
    local ref="origin/$GITHUB_BASE_REF"
    if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null 2>&1; then
        # actions/checkout fetches one commit by default; the base branch tip is enough to diff a merge commit.
        GIT_TERMINAL_PROMPT=0 git fetch --no-tags --quiet --depth=1 origin \
            "+refs/heads/$GITHUB_BASE_REF:refs/remotes/$ref" >/dev/null 2>&1 || true
    fi
    if ! git rev-parse --verify --quiet "$ref^{commit}" >/dev/null 2>&1; then
        # A full scan covers more than a diff-aware one: falling back never hides a finding.
        echo "::warning title=gatekeeper::pull request base $(escape_data "$ref") not found; scanning everything" >&2
        return
    fi
    # gatekeeper diffs against the merge-base, which a shallow clone may not have.
    if ! git merge-base "$ref" HEAD >/dev/null 2>&1 && [[ "$(git rev-parse --is-shallow-repository 2>/dev/null)" == true ]]; then
        GIT_TERMINAL_PROMPT=0 git fetch --no-tags --quiet --unshallow origin \
            "+refs/heads/$GITHUB_BASE_REF:refs/remotes/$ref" >/dev/null 2>&1 || true
    fi
    if git merge-base "$ref" HEAD >/dev/null 2>&1; then
        printf '%s' "$ref"
    else
        echo "::warning title=gatekeeper::no merge-base with $(escape_data "$ref") (use fetch-depth: 0); scanning everything" >&2
    fi
}

# Findings count, then the failing controls (comma-separated), from the JSON report.
report_counts() {
    python3 - "$1" <<'PY'
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8") as handle:
        report = json.load(handle)
    total = report["summary"]["total"]
except (OSError, ValueError, KeyError, TypeError):
    sys.exit(0)
controls = report.get("controls")
if isinstance(controls, dict):  # the compliance assessment: every control with its status
    failing = {
        str(control["ref"])
        for framework in controls.get("frameworks", [])
        for control in framework.get("controls", [])
        if control.get("status") == "failing"
    }
else:  # a report without one: the controls cited by the findings that block the gate
    blocking = set(report.get("verdict", {}).get("blocking", []))
    failing = {c for f in report.get("findings", []) if f.get("fingerprint") in blocking for c in f.get("controls", [])}
print(total)
print(",".join(sorted(failing)))
PY
}

write_summary() {
    local rc="$1" markdown="$2" text="$3" stderr_file="$4" json="$5"
    [[ -n "${GITHUB_STEP_SUMMARY:-}" ]] || return 0
    {
        if [[ -n "$markdown" && -s "$markdown" ]]; then
            capped "$markdown" "$json"
        else
            case "$rc" in
                0) echo "## gatekeeper: passed" ;;
                1) echo "## gatekeeper: failed (policy violation)" ;;
                *) echo "## gatekeeper: error (scan incomplete or could not run)" ;;
            esac
            echo
            if [[ "$rc" == 2 && -s "$stderr_file" ]]; then
                fenced "$stderr_file" "$json"
                echo
            fi
            if [[ -s "$text" ]]; then
                fenced "$text" "$json"
            fi
        fi
    } >>"$GITHUB_STEP_SUMMARY"
}

# GitHub shows 10 annotations per step; the github format lists the other findings as
# "gatekeeper:   <finding>" lines, which the summary gets so that nothing is only in the log.
write_unannotated() {
    [[ -n "${GITHUB_STEP_SUMMARY:-}" && -s "$1" ]] || return 0
    sed -n 's/^gatekeeper:   //p' "$1" >"$2"
    [[ -s "$2" ]] || return 0
    {
        echo
        echo "### Findings without an annotation"
        echo
        echo "GitHub shows 10 annotations per step; these findings did not get one:"
        echo
        fenced "$2" "$3"
    } >>"$GITHUB_STEP_SUMMARY"
}

# A file as a code block whose fence no line of it can close.
fenced() {
    local longest fence
    longest="$(grep -o '`\+' "$1" | awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }')"
    fence='```'
    while ((${#fence} <= longest)); do fence+='`'; done
    echo "${fence}text"
    capped "$1" "$2"
    echo
    echo "$fence"
}

capped() {
    local size
    size="$(wc -c <"$1")"
    if ((size > SUMMARY_LIMIT_BYTES)); then
        head -c "$SUMMARY_LIMIT_BYTES" "$1"
        printf '\n\n(truncated to fit the job summary; the full report is %s)\n' "$2"
    else
        cat "$1"
    fi
}

# Print a file with workflow commands switched off, so nothing a scanned file put in an error
# message can set outputs or fake annotations.
replay_without_commands() {
    [[ -s "$1" ]] || return 0
    local token
    token="gatekeeper-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    echo "::stop-commands::$token"
    cat "$1"
    echo
    echo "::$token::"
}

set_output() {
    local name="$1" value="$2" delimiter
    delimiter="gatekeeper_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
        printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$GITHUB_OUTPUT"
    fi
}

existing() {
    if [[ -n "$1" && -e "$1" ]]; then printf '%s' "$1"; fi
}

escape_data() {
    local text="${1//'%'/%25}"
    text="${text//$'\r'/%0D}"
    printf '%s' "${text//$'\n'/%0A}"
}

die() {
    echo "::error title=gatekeeper::$(escape_data "$1")"
    set_output exit-code 2
    exit 2
}

main "$@"
