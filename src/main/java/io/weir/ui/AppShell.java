package io.weir.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;

/** Server push on, so open pages update as soon as the monitor has a new snapshot. */
@Push
@Theme("weir")
public class AppShell implements AppShellConfigurator {
}
