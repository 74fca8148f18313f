package io.weir.security.ui;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.auth.NavigationAccessControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Turns on Vaadin's navigation access control: every view needs an access annotation
 * ({@code @PermitAll}, {@code @RolesAllowed}, {@code @AnonymousAllowed}), and a visitor who is not
 * signed in is sent to the login view. The user and roles come from the request, which Quarkus
 * form authentication has already authenticated.
 */
@ApplicationScoped
class AccessControlSetup {

    void enable(@Observes ServiceInitEvent event) {
        NavigationAccessControl accessControl = new NavigationAccessControl();
        accessControl.setLoginView(LoginView.class);
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(accessControl));
    }
}
