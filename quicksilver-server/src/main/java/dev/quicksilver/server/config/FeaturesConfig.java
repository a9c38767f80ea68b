package dev.quicksilver.server.config;

/**
 * Parts of the hub that are served or not.
 *
 * @param legacy whether the 0.x and seed-era wire features are served
 * @param subscriptions whether subscription events are published and the subscriptions API served
 * @param demo whether the debugger page is served at {@code /} and demo documents at {@code /demo/}
 * @param ui whether the debugger page is served at {@code /.well-known/mercure/debug/}
 */
public record FeaturesConfig(boolean legacy, boolean subscriptions, boolean demo, boolean ui) {

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy to change, setting by setting. */
    public static final class Builder {
        private boolean legacy;
        private boolean subscriptions;
        private boolean demo;
        private boolean ui;

        Builder() {}

        private Builder(FeaturesConfig from) {
            legacy = from.legacy;
            subscriptions = from.subscriptions;
            demo = from.demo;
            ui = from.ui;
        }

        public Builder legacy(boolean v) { legacy = v; return this; }
        public Builder subscriptions(boolean v) { subscriptions = v; return this; }
        public Builder demo(boolean v) { demo = v; return this; }
        public Builder ui(boolean v) { ui = v; return this; }

        public FeaturesConfig build() {
            return new FeaturesConfig(legacy, subscriptions, demo, ui);
        }
    }
}
