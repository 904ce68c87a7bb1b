package io.darkroom.process.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * An error page: written as its HTML; seen by the audit trail as {status, error, detail} (so that a refused control
 * of the monitor is audited with its reason, not with the page).
 */
public record ErrorPage(@JsonIgnore String html, int status, String error, String detail) {

    /** Writes the page's HTML. */
    @Provider
    @Produces(MediaType.TEXT_HTML)
    public static class Writer implements MessageBodyWriter<ErrorPage> {
        @Override
        public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
            return type == ErrorPage.class;
        }

        @Override
        public void writeTo(
                ErrorPage page,
                Class<?> type,
                Type genericType,
                Annotation[] annotations,
                MediaType mediaType,
                MultivaluedMap<String, Object> headers,
                OutputStream out)
                throws IOException, WebApplicationException {
            out.write(page.html().getBytes(StandardCharsets.UTF_8));
        }
    }
}
