package io.weir.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.VaadinSession;
import io.weir.cluster.Leadership;
import io.weir.scenarios.Scenarios;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.Cookie;
import java.security.Principal;

/**
 * The shell around every signed-in page: title bar with the cluster line (database down, which
 * replica leads), the user and sign-out, and the navigation.
 */
@PermitAll
public class MainLayout extends AppLayout {

    /** The cookie Quarkus form authentication keeps the signed-in user in. */
    private static final String CREDENTIAL_COOKIE = "quarkus-credential";

    public MainLayout() {
        // Vaadin creates layouts by their no-arg constructor here (not through CDI), so look the service up.
        this(CDI.current().select(Scenarios.class).get(), CDI.current().select(Leadership.class).get());
    }

    MainLayout(Scenarios scenarios, Leadership leadership) {
        H1 title = new H1("Weir");
        title.addClassName("weir-title");

        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), title, new ClusterStatus(leadership), userArea());
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(title);
        bar.addClassName("weir-navbar");
        addToNavbar(bar);

        Span brand = new Span("Weir · queue operations");
        brand.addClassName("weir-brand");
        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Overview", "", VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Sources", "sources", VaadinIcon.SERVER.create()));
        nav.addItem(new SideNavItem("Alerts", "alerts", VaadinIcon.BELL.create()));
        nav.addItem(new SideNavItem("Rules", "rules", VaadinIcon.FILE_TEXT_O.create()));
        nav.addItem(new SideNavItem("Silences", "silences", VaadinIcon.BELL_SLASH.create()));
        nav.addItem(new SideNavItem("Notifications", "notifications", VaadinIcon.ENVELOPES.create()));
        nav.addItem(new SideNavItem("Advisor", "advisor", VaadinIcon.SHIELD.create()));
        nav.addItem(new SideNavItem("Replays", "replays", VaadinIcon.ROTATE_LEFT.create()));
        nav.addItem(new SideNavItem("Audit", "audit", VaadinIcon.RECORDS.create()));
        if (scenarios.enabled()) {
            nav.addItem(new SideNavItem("Live scenarios", "scenarios", VaadinIcon.PLAY_CIRCLE_O.create()));
        }
        addToDrawer(brand, nav);
        setPrimarySection(Section.DRAWER);
    }

    private HorizontalLayout userArea() {
        VaadinRequest request = VaadinService.getCurrentRequest();
        Principal user = request == null ? null : request.getUserPrincipal();
        Span name = new Span(user == null ? "" : user.getName());
        name.addClassName("weir-user");
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> signOut());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout area = new HorizontalLayout(name, signOut);
        area.setAlignItems(FlexComponent.Alignment.CENTER);
        area.getStyle().set("margin-right", "var(--lumo-space-m)");
        return area;
    }

    private void signOut() {
        Cookie expired = new Cookie(CREDENTIAL_COOKIE, "");
        expired.setPath("/");
        expired.setMaxAge(0);
        expired.setHttpOnly(true);
        ((VaadinServletResponse) VaadinService.getCurrentResponse()).addCookie(expired);
        getUI().ifPresent(ui -> ui.getPage().setLocation("/login"));
        VaadinSession.getCurrent().getSession().invalidate();
    }
}
