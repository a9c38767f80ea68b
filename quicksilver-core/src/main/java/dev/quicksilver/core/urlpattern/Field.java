package dev.quicksilver.core.urlpattern;

/** The members of a URLPatternInit: the eight components, in URL order, then baseURL. */
enum Field {
    PROTOCOL("protocol"),
    USERNAME("username"),
    PASSWORD("password"),
    HOSTNAME("hostname"),
    PORT("port"),
    PATHNAME("pathname"),
    SEARCH("search"),
    HASH("hash"),
    BASE_URL("baseURL");

    /** the eight URL components (every field but baseURL) */
    static final Field[] COMPONENTS = {PROTOCOL, USERNAME, PASSWORD, HOSTNAME, PORT, PATHNAME, SEARCH, HASH};

    /** the member name in the standard's dictionaries */
    final String key;

    Field(String key) {
        this.key = key;
    }
}
