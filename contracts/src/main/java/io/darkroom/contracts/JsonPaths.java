package io.darkroom.contracts;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Where in a JSON document Jackson stopped, as a field path people read: {@code recipe.outputs[0].maxWidth}. */
public final class JsonPaths {
    private JsonPaths() {}

    public static String of(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
