package io.darkroom.security.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint anyone may call without a token (only process-service's {@code POST /auth/token}, where a password is
 * exchanged for one). Its path must also be permitted in {@code quarkus.http.auth.permission.*}.
 *
 * @see Requires
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicEndpoint {
    /** The action an audit row names; empty = not audited. */
    String audit() default "";
}
