// Runs the shared library step jenkins/vars/gatekeeperScan.groovy under plain Groovy, with the
// pipeline steps it uses mocked (Jenkins and JenkinsPipelineUnit are not available here).
//
//   groovy harness.groovy <library dir> <scenarios.json>
//
// Each scenario: {name, args, workspace, env, unix, absent: [steps], noSuchMethod: [steps]}, or
// {name, parse: file} to only compile a Jenkinsfile.
// `sh` really runs its script with /bin/sh in the workspace (so quoting is tested by a shell);
// `error` throws like Jenkins' AbortException (FAILURE); `unstable` sets UNSTABLE; steps listed in
// `absent` are not defined at all (plain Groovy's MissingMethodException), those in `noSuchMethod`
// throw Jenkins' NoSuchMethodError. Prints one JSON list: per scenario the build result, the
// step's return value or error message, and every step call in order.

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

class AbortException extends RuntimeException {
    AbortException(String message) { super(message) }
}

File libraryDir = new File(args[0])
List scenarios = new JsonSlurper().parse(new File(args[1])) as List

GroovyClassLoader loader = new GroovyClassLoader(this.class.classLoader)
// Jenkins' CPS annotation, which plain Groovy does not ship.
loader.parseClass('''package com.cloudbees.groovy.cps
import java.lang.annotation.*
@Retention(RetentionPolicy.RUNTIME)
@Target([ElementType.METHOD])
@interface NonCPS {}
''')

// And the @Library annotation a Jenkinsfile starts with (Jenkins imports it implicitly).
loader.parseClass('''package org.jenkinsci.plugins.workflow.libs
import java.lang.annotation.*
@Retention(RetentionPolicy.SOURCE)
@interface Library { String[] value() }
''')

List results = []
for (Map scenario : scenarios) {
    results << (scenario.parse ? parseOnly(loader, scenario) : runScenario(loader, libraryDir, scenario))
}
println JsonOutput.toJson(results)

// A scenario {name, parse: file}: does the file compile as Jenkins would compile it?
Map parseOnly(GroovyClassLoader loader, Map scenario) {
    def config = new org.codehaus.groovy.control.CompilerConfiguration()
    def imports = new org.codehaus.groovy.control.customizers.ImportCustomizer()
    imports.addImports('org.jenkinsci.plugins.workflow.libs.Library')
    config.addCompilationCustomizers(imports)
    try {
        new GroovyShell(loader, new Binding(), config).parse(new File(scenario.parse as String))
        return [name: scenario.name, parsed: true]
    } catch (Exception e) {
        return [name: scenario.name, parsed: false, error: e.message]
    }
}

Map runScenario(GroovyClassLoader loader, File libraryDir, Map scenario) {
    File workspace = new File(scenario.workspace as String)
    Map env = (scenario.env ?: [:]) as Map
    List calls = []
    StringBuilder log = new StringBuilder()
    Map build = [result: 'SUCCESS']
    Binding binding = new Binding()

    binding.setVariable('sh', { Map a ->
        calls << [step: 'sh', script: a.script, returnStatus: a.returnStatus ?: false, label: a.label]
        ProcessBuilder builder = new ProcessBuilder('/bin/sh', '-c', a.script as String).directory(workspace)
        builder.environment().clear()
        builder.environment().putAll(env.collectEntries { k, v -> [k as String, v as String] })
        Process process = builder.start()
        StringBuilder out = new StringBuilder()
        StringBuilder err = new StringBuilder()
        process.waitForProcessOutput(out, err)
        int rc = process.exitValue()
        log << out << err
        if (a.returnStdout) {
            return out.toString()
        }
        if (a.returnStatus) {
            return rc
        }
        if (rc != 0) {
            throw new AbortException("script returned exit code ${rc}")
        }
        return null
    })
    // A step's path: absolute as it is, else relative to the workspace (as Jenkins resolves them).
    Closure<File> resolve = { String path -> new File(path).isAbsolute() ? new File(path) : new File(workspace, path) }
    binding.setVariable('isUnix', { -> scenario.unix != false })
    binding.setVariable('fileExists', { arg ->
        resolve((arg instanceof Map ? arg.file : arg) as String).exists()
    })
    binding.setVariable('readFile', { arg ->
        resolve((arg instanceof Map ? arg.file : arg) as String).getText('UTF-8')
    })
    binding.setVariable('writeFile', { Map a ->
        File target = resolve(a.file as String)
        target.parentFile.mkdirs()
        target.setText(a.text as String, 'UTF-8')
    })
    binding.setVariable('pwd', { Map a = [:] ->
        File dir = a.tmp ? new File(workspace.path + '@tmp') : workspace
        dir.mkdirs()
        return dir.path
    })
    binding.setVariable('libraryResource', { String name -> new File(libraryDir, 'resources/' + name).getText('UTF-8') })
    // stash/unstash through a directory the scenarios of one pipeline share (`stashes`).
    File stashes = new File((scenario.stashes ?: new File(workspace.path + '@stashes').path) as String)
    binding.setVariable('stash', { Map a ->
        calls << [step: 'stash', args: a]
        File target = new File(new File(stashes, a.name as String), a.includes as String)
        target.parentFile.mkdirs()
        target.bytes = resolve(a.includes as String).bytes
    })
    binding.setVariable('unstash', { String name ->
        calls << [step: 'unstash', name: name]
        File saved = new File(stashes, name)
        if (!saved.isDirectory()) {
            throw new AbortException("No such saved stash \u2018${name}\u2019")
        }
        saved.eachFileRecurse(groovy.io.FileType.FILES) { File file ->
            File target = new File(workspace, saved.toPath().relativize(file.toPath()).toString())
            target.parentFile.mkdirs()
            target.bytes = file.bytes
        }
    })
    binding.setVariable('echo', { String message -> calls << [step: 'echo', message: message] })
    binding.setVariable('error', { String message ->
        calls << [step: 'error', message: message]
        throw new AbortException(message)
    })
    binding.setVariable('unstable', { arg ->
        String message = arg instanceof Map ? arg.message : arg
        calls << [step: 'unstable', message: message]
        if (build.result == 'SUCCESS') {
            build.result = 'UNSTABLE'
        }
    })
    binding.setVariable('currentBuild', build)
    binding.setVariable('env', env)
    for (String name : ['junit', 'archiveArtifacts', 'publishHTML', 'recordIssues']) {
        String step = name
        if ((scenario.absent ?: []).contains(step)) {
            continue
        }
        if ((scenario.noSuchMethod ?: []).contains(step)) {
            binding.setVariable(step, { Map a ->
                throw new NoSuchMethodError("No such DSL method '${step}' found among steps [archiveArtifacts, sh]")
            })
            continue
        }
        binding.setVariable(step, { Map a -> calls << [step: step, args: a]; null })
    }
    if (!(scenario.absent ?: []).contains('sarif')) {
        binding.setVariable('sarif', { Map a -> [tool: 'sarif'] + a })
    }

    Script library = new GroovyShell(loader, binding).parse(new File(libraryDir, 'vars/gatekeeperScan.groovy'))
    Map outcome = [name: scenario.name]
    try {
        outcome.returned = library.call((scenario.args ?: [:]) as Map)
    } catch (AbortException e) {
        build.result = 'FAILURE'
        outcome.error = e.message
    }
    outcome.result = build.result
    outcome.calls = calls
    outcome.log = log.toString()
    return outcome
}
