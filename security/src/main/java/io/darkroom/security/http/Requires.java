package io.darkroom.security.http;

import io.darkroom.security.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a REST endpoint needs (the matrix in {@link Permission}). Checked by {@link PermissionFilter}; an
 * endpoint of a Darkroom service without one answers 403 to everybody (deny by default).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {
    Permission value();

    /** The action an audit row names ({@code approve}, {@code cancel}, ...); empty = the request is not audited. */
    String audit() default "";
}
