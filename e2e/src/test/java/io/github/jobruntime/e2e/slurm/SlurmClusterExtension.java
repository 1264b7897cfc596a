package io.github.jobruntime.e2e.slurm;

import io.github.jobruntime.testkit.Requirement;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Brings up one {@link SlurmCluster} for all the test classes that use this extension and tears it down when the
 * test run ends; test methods get it as a parameter. Without Slurm the tests skip, or fail where the build
 * requires Slurm ({@code -Djobruntime.required=slurm}).
 */
final class SlurmClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SlurmCluster.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        var missing = SlurmCluster.missingPrograms();
        Requirement.assume("slurm", missing.isEmpty(), "Slurm is not installed: " + String.join(", ", missing)
                + " not found (Debian: apt-get install slurm-wlm munge)");
        String user = ProcessHandle.current().info().user().orElse("?");
        Requirement.assume("slurm", "root".equals(user), "the Slurm test cluster runs its daemons and jobs as root,"
                + " and these tests run as " + user);
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SlurmCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    /** The root context's store closes the cluster, an AutoCloseable, after the last test class. */
    private static SlurmCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SlurmCluster.class, type -> SlurmCluster.start(), SlurmCluster.class);
    }
}
