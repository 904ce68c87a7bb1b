package io.darkroom.render;

import java.lang.reflect.Field;

/**
 * Read access to the few JavaCV fields Darkroom needs and JavaCV keeps to itself (the grabber's decoder context, the
 * filter's buffer source). Reflection on the class path (not modules), read only; a JavaCV without the field gives
 * null and the caller takes its plain path.
 */
final class JavacvInternals {
    private JavacvInternals() {}

    /** {@code type}'s declared field {@code name}, made readable; null when this JavaCV has none. */
    static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The field's value on {@code owner}, or null when the field is absent or unreadable. */
    static Object read(Field field, Object owner) {
        try {
            return field == null ? null : field.get(owner);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
