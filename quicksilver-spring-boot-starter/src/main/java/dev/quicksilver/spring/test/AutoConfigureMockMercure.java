package dev.quicksilver.spring.test;

import dev.quicksilver.spring.jpa.MercureJpaAutoConfiguration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * On a test class ({@code @SpringBootTest}, or a slice such as {@code @DataJpaTest}): every publish
 * goes to a {@link MockMercure} bean instead of a hub, and {@code @Mercure} entities publish to it
 * after commit. Autowire the {@link MockMercure} to read {@link MockMercure#messages()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration({MockMercureAutoConfiguration.class, MercureJpaAutoConfiguration.class})
public @interface AutoConfigureMockMercure {}
