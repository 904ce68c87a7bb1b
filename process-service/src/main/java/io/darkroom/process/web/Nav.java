package io.darkroom.process.web;

import io.darkroom.security.Permission;
import io.quarkus.qute.TemplateData;

/** Which links the page header shows. */
@TemplateData
public record Nav(boolean workers, boolean audit) {
    static final Nav NONE = new Nav(false, false);

    static Nav of(WebUser u) {
        return new Nav(u.may(Permission.WORKER_READ), u.may(Permission.AUDIT_READ));
    }
}
