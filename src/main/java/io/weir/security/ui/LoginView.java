package io.weir.security.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * The sign-in page. The form posts to Quarkus form authentication ({@code j_security_check}),
 * which sets the session cookie and redirects to the page asked for, or back here with
 * {@code ?error}.
 */
@Route("login")
@PageTitle("Sign in · Weir")
@AnonymousAllowed
class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();

    LoginView() {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Weir");
        i18n.getErrorMessage().setTitle("Wrong username or password");
        i18n.getErrorMessage().setMessage("Check them and try again. The first admin password is printed once "
                + "in Weir's log at first start, unless weir.admin.password was set.");
        form.setI18n(i18n);
        form.setAction("j_security_check");
        form.setForgotPasswordButtonVisible(false);

        Paragraph tagline = new Paragraph("Operations console for message queues");
        tagline.addClassName("weir-tagline");
        Div card = new Div(form);
        card.addClassName("weir-login-card");

        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        add(tagline, card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        form.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
    }
}
