// gatekeeperScan: run the gatekeeper CLI in a pipeline, publish its reports, set the build result.
// Arguments and examples: gatekeeperScan.txt beside this file.
//
// The step only translates arguments into CLI flags and the CLI's exit code into a build result
// (0 passed; 1 policy violation: FAILURE, or UNSTABLE with `unstableOn`; 2 error: FAILURE).
// Plain helpers are @NonCPS; pipeline steps are called from CPS code only.

import com.cloudbees.groovy.cps.NonCPS

def call(Map args = [:]) {
    Map opts = options(args)
    if (opts.problem) {
        error(opts.problem)
    }
    if (!isUnix()) {
        error('gatekeeperScan: needs a Unix agent (it runs the gatekeeper CLI with sh)')
    }
    Map files = reportFiles(opts.reportDir)
    if (opts.shard) {
        files.json = "${opts.reportDir}/shard-${opts.shard.split('/')[0]}.json".toString()
    }

    // Last build's reports go first: in a reused workspace they would be scanned, or published again.
    // Then: which report formats this gatekeeper writes (html and markdown come with the compliance reports).
    String stale = shellJoin(files.values() as List<String>)
    if (opts.merge) {
        // A shard result left by an earlier build must not stand in for one this build lacks.
        stale += " ${q(opts.reportDir)}/shard-*.json"
    }
    int helpStatus = sh(
        script: "mkdir -p ${q(opts.reportDir)} && rm -f ${stale} && ${q(opts.gatekeeper)} scan --help > ${q(files.help)} 2>&1",
        returnStatus: true,
        label: 'gatekeeper scan --help'
    )
    String help = fileExists(files.help) ? readFile(file: files.help) : ''
    if (helpStatus != 0) {
        error("gatekeeperScan: cannot run '${opts.gatekeeper}' (exit status ${helpStatus}): ${lastLine(help)}")
    }
    List<String> formats = supportedFormats(help)

    List<String> argv
    if (opts.merge) {
        argv = mergeArgs(opts, files, formats, collectShards(opts))
    } else {
        argv = scanArgs(opts, files, formats, advisoryData(opts))
    }
    String command = shellJoin(argv)
    int rc = sh(
        script: "${command} 2> ${q(files.stderr)}; rc=\$?; cat ${q(files.stderr)} >&2; exit \$rc",
        returnStatus: true,
        label: opts.merge ? 'gatekeeper merge' : 'gatekeeper scan'
    )

    if (opts.shard) {
        return handOver(rc, opts, files)
    }
    publish(opts, files)
    return decide(rc, opts, files)
}

// A shard's result goes to the merge stage (stash); the shard never fails the build, since a failed
// parallel branch would stop the pipeline before the merge, which gates and names a missing shard.
def handOver(int rc, Map opts, Map files) {
    String k = opts.shard.split('/')[0]
    if (fileExists(files.json)) {
        stash(name: "gatekeeper-shard-${k}", includes: files.json)
    }
    echo "gatekeeper: shard ${opts.shard} exited ${rc}; the merge stage decides"
    return [exitCode: rc, status: 'shard', shardFile: files.json, findings: null, reportDir: opts.reportDir]
}

// Every shard's stashed result, unstashed into reportDir; a shard that stashed nothing is left out
// (the merge then exits 2 naming it).
def collectShards(Map opts) {
    List<String> found = []
    for (int k = 1; k <= opts.merge; k++) {
        String file = "${opts.reportDir}/shard-${k}.json"
        try {
            unstash("gatekeeper-shard-${k}")
        } catch (Exception e) {
            echo "gatekeeperScan: no result from shard ${k}/${opts.merge} (${e.message})"
        }
        if (fileExists(file)) {
            found << file
        }
    }
    return found
}

// The --advisories value (null: none), from the library's copy of install/advisories.sh: OSV's data
// (or advisoriesUrl's mirror) fetched at most once a day into advisoryStore, which outlives the
// workspace on the agent; or a path, 'online', 'config'. The age limit stays gatekeeper's.
def advisoryData(Map opts) {
    String dir = pwd(tmp: true)
    String script = "${dir}/gatekeeper-advisories.sh"
    String answer = "${dir}/gatekeeper-advisories.txt"
    writeFile(file: script, text: libraryResource('gatekeeper/advisories.sh'))
    String assignments = [
        "GATEKEEPER=${q(opts.gatekeeper)}",
        "GATEKEEPER_ADVISORIES_URL=${q(opts.advisoriesUrl ?: '')}",
        "GATEKEEPER_ADVISORIES_ECOSYSTEMS=${q(opts.advisoriesEcosystems ?: '')}"
    ].join(' ')
    String store = opts.advisoryStore ? q(opts.advisoryStore) : '"$HOME/.cache/gatekeeper-advisories"'
    int status = sh(
        script: "${assignments} bash ${q(script)} ${q(opts.advisories)} ${store} > ${q(answer)}",
        returnStatus: true,
        label: 'gatekeeper advisory data'
    )
    if (status != 0) {
        error("gatekeeperScan: advisories: '${opts.advisories}' does not exist (an OSV directory or zip, or osv, online, config)")
    }
    String value = readFile(file: answer).trim()
    return value ?: null
}

def publish(Map opts, Map files) {
    if (fileExists(files.junit)) {
        // The build result is ours to set (decide below), not the test publisher's.
        junit(testResults: files.junit, allowEmptyResults: true, skipMarkingBuildUnstable: true)
    }
    archiveArtifacts(artifacts: "${opts.reportDir}/gatekeeper.*, ${opts.reportDir}/gatekeeper-report.css",
                     allowEmptyArchive: true, fingerprint: true)
    if (opts.publishHtml && fileExists(files.html)) {
        optionalStep(['publishHTML'], 'HTML Publisher') {
            publishHTML(target: [
                reportDir: opts.reportDir,
                reportFiles: 'gatekeeper.html',
                reportName: 'gatekeeper',
                keepAll: true,
                alwaysLinkToLastBuild: true,
                allowMissing: false
            ])
        }
    }
    if (opts.recordIssues && fileExists(files.sarif)) {
        optionalStep(['recordIssues', 'sarif'], 'Warnings Next Generation') {
            recordIssues(
                tools: [sarif(pattern: files.sarif, id: 'gatekeeper', name: 'gatekeeper')],
                enabledForFailure: true,
                skipBlames: true
            )
        }
    }
}

def decide(int rc, Map opts, Map files) {
    Map report = fileExists(files.json) ? parseReport(readFile(file: files.json)) : null
    Map outcome = [
        exitCode: rc,
        findings: findingCount(report),
        reportDir: opts.reportDir,
        summaryFile: fileExists(files.markdown) ? files.markdown : files.text
    ]
    if (rc == 0) {
        echo 'gatekeeper: passed'
        return outcome + [status: 'passed']
    }
    if (rc == 1) {
        Map counts = blockingCounts(report, opts.failOn)
        if (opts.unstableOn && report != null && counts.failing == 0) {
            unstable("gatekeeper: ${counts.blocking} finding(s) at or above ${opts.unstableOn}, none at or above ${opts.failOn}")
            return outcome + [status: 'unstable']
        }
        error("gatekeeper: policy violation: ${reasons(report)}")
    }
    if (rc == 2) {
        String stderr = fileExists(files.stderr) ? readFile(file: files.stderr) : ''
        error("gatekeeper: scan error: ${errorMessage(stderr, report)}")
    }
    String stderr = fileExists(files.stderr) ? readFile(file: files.stderr) : ''
    error("gatekeeper: could not run (exit status ${rc}): ${lastLine(stderr)}")
}

// A step from an optional plugin: skipped, with a note, when the plugin is not installed.
def optionalStep(List<String> names, String plugin, Closure body) {
    try {
        body()
    } catch (NoSuchMethodError e) {
        // Jenkins: "No such DSL method 'publishHTML' found among steps [...]"
        if (!mentionsStep(String.valueOf(e.message), names)) {
            throw e
        }
        echo "gatekeeperScan: ${names[0]} is not available (install the ${plugin} plugin); skipped"
    } catch (MissingMethodException e) {
        if (!names.contains(e.method)) {
            throw e
        }
        echo "gatekeeperScan: ${names[0]} is not available (install the ${plugin} plugin); skipped"
    }
}

@NonCPS
boolean mentionsStep(String message, List<String> names) {
    return names.any { message.contains("'${it}'") }
}

// The arguments with their defaults; `problem` names the first invalid one.
@NonCPS
Map options(Map args) {
    List<String> known = ['path', 'config', 'failOn', 'unstableOn', 'baseline', 'diffBase', 'allowPartial',
                          'reportDir', 'gatekeeper', 'extraArgs', 'publishHtml', 'recordIssues', 'shard', 'merge',
                          'advisories', 'advisoriesUrl', 'advisoriesEcosystems', 'advisoriesMaxAge', 'advisoryStore']
    List<String> unknown = (args.keySet() as List<String>).findAll { !known.contains(it) }
    if (unknown) {
        return [problem: "gatekeeperScan: unknown argument '${unknown[0]}' (known: ${known.join(', ')})".toString()]
    }
    Map opts = [
        path: args.path ?: '.',
        config: args.config ?: null,
        failOn: args.failOn ? String.valueOf(args.failOn).toLowerCase() : null,
        unstableOn: args.unstableOn ? String.valueOf(args.unstableOn).toLowerCase() : null,
        baseline: args.baseline ?: null,
        diffBase: args.diffBase ?: null,
        allowPartial: args.allowPartial ? true : false,
        reportDir: args.reportDir ?: 'gatekeeper-reports',
        gatekeeper: args.gatekeeper ?: 'gatekeeper',
        extraArgs: (args.extraArgs ?: []).collect { String.valueOf(it) },
        publishHtml: args.containsKey('publishHtml') ? (args.publishHtml as boolean) : true,
        recordIssues: args.containsKey('recordIssues') ? (args.recordIssues as boolean) : true,
        shard: args.shard ? String.valueOf(args.shard) : null,
        merge: args.merge ? String.valueOf(args.merge) : null,
        advisories: args.advisories ? String.valueOf(args.advisories) : 'osv',
        advisoriesUrl: args.advisoriesUrl ?: null,
        advisoriesEcosystems: args.advisoriesEcosystems ?: null,
        advisoriesMaxAge: args.advisoriesMaxAge != null ? String.valueOf(args.advisoriesMaxAge) : null,
        advisoryStore: args.advisoryStore ?: null
    ]
    if (opts.shard && opts.merge) {
        return [problem: 'gatekeeperScan: shard and merge are exclusive (a stage scans one shard, or merges them all)']
    }
    if (opts.shard && !(opts.shard ==~ /[1-9][0-9]*\/[1-9][0-9]*/)) {
        return [problem: "gatekeeperScan: shard '${opts.shard}' is not K/N (e.g. '2/4')".toString()]
    }
    if (opts.merge) {
        if (!(opts.merge ==~ /[1-9][0-9]*/)) {
            return [problem: "gatekeeperScan: merge '${opts.merge}' is not the number of shards".toString()]
        }
        opts.merge = opts.merge as int
    }
    if (opts.advisoriesMaxAge != null && !(opts.advisoriesMaxAge ==~ /[0-9]+/)) {
        return [problem: "gatekeeperScan: advisoriesMaxAge '${opts.advisoriesMaxAge}' is not a number of days".toString()]
    }
    for (String key : ['failOn', 'unstableOn']) {
        if (opts[key] != null && !severities().contains(opts[key])) {
            return [problem: "gatekeeperScan: ${key} '${opts[key]}' is not one of ${severities().reverse().join(', ')}".toString()]
        }
    }
    if (opts.unstableOn) {
        // With unstableOn the CLI gates at the lower threshold; failOn then decides FAILURE.
        opts.failOn = opts.failOn ?: 'high'
        if (rank(opts.unstableOn) >= rank(opts.failOn)) {
            return [problem: "gatekeeperScan: unstableOn '${opts.unstableOn}' must be below failOn '${opts.failOn}'".toString()]
        }
    }
    return opts
}

@NonCPS
Map reportFiles(String reportDir) {
    return [
        json: "${reportDir}/gatekeeper.json",
        junit: "${reportDir}/gatekeeper.junit.xml",
        sarif: "${reportDir}/gatekeeper.sarif",
        text: "${reportDir}/gatekeeper.txt",
        html: "${reportDir}/gatekeeper.html",
        markdown: "${reportDir}/gatekeeper.md",
        stderr: "${reportDir}/stderr.txt",
        help: "${reportDir}/help.txt"
    ].collectEntries { k, v -> [k, v.toString()] }
}

@NonCPS
List<String> scanArgs(Map opts, Map files, List<String> formats, String advisories) {
    List<String> argv = [opts.gatekeeper, 'scan', opts.path]
    if (opts.shard) {
        // A shard's one product is its JSON result, for the merge stage.
        argv += ['--shard', opts.shard, '--format', 'console',
                 '--output', "json=${files.json}", '--output', "console=${files.text}"]
    } else {
        argv += ['--format', 'console'] + reportOutputs(files, formats)
    }
    if (advisories) {
        argv += ['--advisories', advisories]
    }
    if (opts.advisoriesMaxAge != null) {
        argv += ['--advisories-max-age', opts.advisoriesMaxAge]
    }
    String threshold = opts.unstableOn ?: opts.failOn
    if (threshold) {
        argv += ['--fail-on', threshold]
    }
    if (opts.config) {
        argv += ['--config', opts.config]
    }
    if (opts.baseline) {
        argv += ['--baseline', opts.baseline]
    }
    if (opts.diffBase) {
        argv += ['--diff-base', opts.diffBase]
    }
    if (opts.allowPartial) {
        argv += ['--allow-partial']
    }
    argv += opts.extraArgs
    return argv.collect { String.valueOf(it) }
}

// The merge judges the shards by the policy they were scanned with (its digest is checked).
@NonCPS
List<String> mergeArgs(Map opts, Map files, List<String> formats, List<String> shards) {
    List<String> argv = [opts.gatekeeper, 'merge'] + shards + reportOutputs(files, formats) + opts.extraArgs
    return argv.collect { String.valueOf(it) }
}

@NonCPS
List<String> reportOutputs(Map files, List<String> formats) {
    List<String> argv = ['--output', "json=${files.json}", '--output', "junit=${files.junit}",
                         '--output', "sarif=${files.sarif}", '--output', "console=${files.text}"]
    if (formats.contains('html-external')) {
        // The stylesheet as a sibling file: Jenkins' default Content-Security-Policy allows
        // `style-src 'self'`, not the inline stylesheet, so publishHTML shows the report styled.
        argv += ['--output', "html-external=${files.html}"]
    } else if (formats.contains('html')) {
        argv += ['--output', "html=${files.html}"]
    }
    if (formats.contains('markdown')) {
        argv += ['--output', "markdown=${files.markdown}"]
    }
    return argv.collect { String.valueOf(it) }
}

// "Formats: console, json, sarif." from `gatekeeper scan --help`, however click wrapped it.
@NonCPS
List<String> supportedFormats(String help) {
    def match = (help.replaceAll(/\s+/, ' ') =~ /Formats: ([a-z0-9_, -]+)\./)
    return match.find() ? match.group(1).split(',').collect { it.trim() }.findAll { it } : []
}

@NonCPS
String q(Object value) {
    return "'" + String.valueOf(value).replace("'", "'\"'\"'") + "'"
}

@NonCPS
String shellJoin(List<String> argv) {
    return argv.collect { q(it) }.join(' ')
}

@NonCPS
Map parseReport(String text) {
    try {
        def data = new groovy.json.JsonSlurperClassic().parseText(text)
        return data instanceof Map ? data : null
    } catch (Exception ignored) {
        return null
    }
}

@NonCPS
Integer findingCount(Map report) {
    def total = report?.summary?.total
    return total instanceof Number ? total.intValue() : null
}

// Blocking findings, and how many of them are at or above failOn (those fail the build).
@NonCPS
Map blockingCounts(Map report, String failOn) {
    if (report == null) {
        return [blocking: 0, failing: 0]
    }
    Set blocking = ((report.verdict?.blocking ?: []) as List).toSet()
    int failing = 0
    for (def finding : (report.findings ?: [])) {
        if (blocking.contains(finding.fingerprint) && rank(String.valueOf(finding.severity)) >= rank(failOn ?: 'high')) {
            failing++
        }
    }
    return [blocking: blocking.size(), failing: failing]
}

@NonCPS
String reasons(Map report) {
    List found = (report?.verdict?.reasons ?: []) as List
    return found ? found.join('; ') : 'see the gatekeeper report'
}

@NonCPS
String errorMessage(String stderr, Map report) {
    List<String> lines = stderr.readLines().collect { it.trim() }.findAll { it }
    String line = lines.reverse().find { it.startsWith('gatekeeper: error:') || it.startsWith('Error:') }
    if (line) {
        return line.replaceFirst(/^gatekeeper: error: /, '')
    }
    List found = (report?.verdict?.reasons ?: []) as List
    return found ? String.valueOf(found[0]) : (lines ? lines[-1] : 'no message (see the log)')
}

@NonCPS
String lastLine(String text) {
    List<String> lines = (text ?: '').readLines().collect { it.trim() }.findAll { it }
    return lines ? lines[-1] : '(no output)'
}

@NonCPS
List<String> severities() {
    return ['info', 'low', 'medium', 'high', 'critical']
}

@NonCPS
int rank(String severity) {
    return severities().indexOf(severity)
}
