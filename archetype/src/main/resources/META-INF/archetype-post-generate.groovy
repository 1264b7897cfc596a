// An archetype's files are copied without their modes: the scripts get their execute bits back here.
def project = new File(request.outputDirectory, request.artifactId)
['mvnw', 'test.sh'].each { name ->
    def script = new File(project, name)
    if (!script.setExecutable(true, false)) {
        throw new IllegalStateException("cannot make ${script} executable - run chmod +x ${script}")
    }
}
