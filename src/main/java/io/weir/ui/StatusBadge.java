package io.weir.ui;

import com.vaadin.flow.component.html.Span;

/** A coloured badge with words, so a state reads without relying on colour alone. */
public final class StatusBadge extends Span {

    public enum Tone {
        GOOD("success"), BAD("error"), WARNING("warning"), NEUTRAL("contrast");

        private final String lumoTheme;

        Tone(String lumoTheme) {
            this.lumoTheme = lumoTheme;
        }
    }

    public StatusBadge(String text, Tone tone) {
        super(text);
        getElement().getThemeList().add("badge");
        getElement().getThemeList().add(tone.lumoTheme);
        getElement().getThemeList().add("primary");
    }
}
