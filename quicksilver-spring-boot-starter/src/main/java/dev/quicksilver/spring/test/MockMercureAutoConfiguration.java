package dev.quicksilver.spring.test;

import dev.quicksilver.spring.MercureAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The {@link MockMercure} in place of the real publisher; imported by {@link AutoConfigureMockMercure} only. */
@AutoConfiguration(before = MercureAutoConfiguration.class)
public class MockMercureAutoConfiguration {

    /** The application's publisher: the starter's own steps aside (it is conditional on no other). */
    @Bean
    MockMercure mockMercure(@Value("${mercure.default-hub:default}") String defaultHub) {
        return new MockMercure(defaultHub);
    }
}
