package io.darkroom.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a fabric8 model object did not know: every model class keeps what it could not bind in
 * {@code getAdditionalProperties()}. Walks the object graph through the model's getters.
 */
final class UnknownFields {
    private UnknownFields() {}

    /** Paths of unknown fields, e.g. {@code spec.template.spec.containers[0].securityContxt}; empty when none. */
    static List<String> of(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object o, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        Class<?> type = o.getClass();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model") || o instanceof GenericKubernetesResource) {
            return;
        }
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class
                    || !(m.getName().startsWith("get") || m.getName().startsWith("is"))
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path.isEmpty() ? k.toString() : path + "." + k));
                }
                continue;
            }
            String field = m.getName().startsWith("is")
                    ? m.getName().substring(2)
                    : m.getName().substring(3);
            if (field.isEmpty()) {
                continue;
            }
            String name = Character.toLowerCase(field.charAt(0)) + field.substring(1);
            walk(value, path.isEmpty() ? name : path + "." + name, found, seen);
        }
    }
}
