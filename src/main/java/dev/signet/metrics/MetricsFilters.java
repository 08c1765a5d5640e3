package dev.signet.metrics;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Registers Signet's meter filters with every meter registry: {@link HttpServerLabels}, fed with
 * the application's own routes, and {@link LatencyBuckets}.
 */
@Singleton
public class MetricsFilters {
    private static final Logger LOG = Logger.getLogger(MetricsFilters.class);

    @Produces
    @Singleton
    public MeterFilter httpServerLabels() {
        return new HttpServerLabels(MetricsFilters::applicationRoutes);
    }

    @Produces
    @Singleton
    public MeterFilter latencyBuckets() {
        return new LatencyBuckets();
    }

    /** JAX-RS resources and gRPC services are CDI beans in Quarkus: their annotations and descriptors name every route. */
    static Map<String, String> applicationRoutes() {
        try {
            ArcContainer container = Arc.container();
            Set<Class<?>> resources = container.beanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                    .map(Bean::getBeanClass)
                    .filter(type -> type.isAnnotationPresent(Path.class))
                    .collect(Collectors.toSet());
            List<String> templates = RouteTemplates.routes(resources).stream()
                    .map(RouteTemplates.Route::template).distinct().toList();
            List<String> grpcMethods = new ArrayList<>();
            for (BindableService service : container.select(BindableService.class, Any.Literal.INSTANCE)) {
                ServerServiceDefinition definition = service.bindService();
                definition.getMethods()
                        .forEach(method -> grpcMethods.add(method.getMethodDescriptor().getFullMethodName()));
            }
            LOG.debugf("HTTP metrics label %d JAX-RS templates and %d gRPC methods", templates.size(),
                    grpcMethods.size());
            return HttpServerLabels.routeLabels(templates, grpcMethods);
        } catch (RuntimeException e) {
            // Metrics must never break requests: with no known routes every uri label is UNMATCHED.
            LOG.warn("Could not list the application's routes for HTTP metrics labels", e);
            return Map.of();
        }
    }
}
