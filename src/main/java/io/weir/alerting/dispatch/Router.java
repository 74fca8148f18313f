package io.weir.alerting.dispatch;

import io.weir.alerting.notify.Receivers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks the routes of an alert: routes are tried in the order of their names, {@code default}
 * last; the first that matches takes the alert unless it says {@code continue}. Built once from
 * configuration; a route naming an unknown receiver or holding a bad matcher stops Weir at start.
 */
@ApplicationScoped
public class Router {

    private final List<Route> routes;

    @Inject
    Router(RoutesConfig config, Receivers receivers) {
        this(parse(config, receivers));
    }

    Router(List<Route> routes) {
        this.routes = routes.stream()
                .sorted(Comparator.comparing((Route r) -> r.name().equals(Route.DEFAULT)).thenComparing(Route::name))
                .toList();
    }

    private static List<Route> parse(RoutesConfig config, Receivers receivers) {
        List<Route> routes = new ArrayList<>();
        config.all().forEach((name, settings) -> {
            if (!receivers.names().contains(settings.receiver())) {
                throw new IllegalArgumentException("route '" + name + "' sends to receiver '" + settings.receiver()
                        + "', which is not configured (weir.alerting.receivers." + settings.receiver() + ".type)");
            }
            List<Matcher> matchers;
            try {
                matchers = Matcher.parseList(settings.matchers().orElse(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("weir.alerting.routes." + name + ".matchers: " + e.getMessage(), e);
            }
            List<String> groupBy = settings.groupBy().orElse(List.of("alertname"));
            routes.add(new Route(name, settings.receiver(), matchers, groupBy.contains(Route.ALL_LABELS) ? null : groupBy,
                    settings.groupWait(), settings.groupInterval(), settings.repeatInterval(), settings.continueMatching()));
        });
        return routes;
    }

    List<Route> routesFor(Map<String, String> labels) {
        List<Route> matched = new ArrayList<>();
        for (Route route : routes) {
            if (route.matches(labels)) {
                matched.add(route);
                if (!route.continueMatching()) {
                    break;
                }
            }
        }
        return matched;
    }
}
