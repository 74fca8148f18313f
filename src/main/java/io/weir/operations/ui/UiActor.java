package io.weir.operations.ui;

import com.vaadin.flow.server.VaadinRequest;
import io.weir.operations.Actor;

/** The signed-in console user and their address, for the audit log. */
public final class UiActor {

    private UiActor() {
    }

    public static Actor current() {
        VaadinRequest request = VaadinRequest.getCurrent();
        String user = request == null || request.getUserPrincipal() == null ? "unknown" : request.getUserPrincipal().getName();
        return new Actor(user, Actor.Channel.UI, request == null ? null : request.getRemoteAddr());
    }
}
