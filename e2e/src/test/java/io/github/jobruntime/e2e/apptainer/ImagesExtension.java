package io.github.jobruntime.e2e.apptainer;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Finds the sid root and builds the {@link Images} once for every test class that uses this extension; test methods
 * get both as parameters. Without a sid root the tests skip, or fail where the build requires Apptainer.
 */
final class ImagesExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Images.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        images(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Images.class || type == SidRoot.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SidRoot.class ? sid(context) : images(context);
    }

    private static SidRoot sid(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SidRoot.class, type -> SidRoot.require(),
                SidRoot.class);
    }

    private static Images images(ExtensionContext context) {
        SidRoot sid = sid(context);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Images.class, type -> {
            Images images = Images.build(sid);
            images.origins().forEach((name, origin) -> ContainerJob.report("image %s: %s", name, origin));
            return images;
        }, Images.class);
    }
}
