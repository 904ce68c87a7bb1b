package io.darkroom.process.web;

import io.darkroom.process.persistence.DataAccessException;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.Jdbc;
import io.darkroom.security.Permission;
import io.darkroom.security.http.PublicEndpoint;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.logging.Logger;

/** The audit trail (supervisor, admin): every state-changing request, newest first, filterable. */
@Path("/ui/audit")
@Blocking
public class AuditPage {
    private static final Logger LOG = Logger.getLogger(AuditPage.class);
    static final int PAGE_SIZE = 100;

    private final Viewer viewer;
    private final Database db;
    private final Template page;

    public AuditPage(Viewer viewer, Database db, @Location("web/audit.html") Template page) {
        this.viewer = viewer;
        this.db = db;
        this.page = page;
    }

    @TemplateData
    record AuditLine(
            String at,
            String actor,
            String roles,
            String action,
            String target,
            String jobId,
            String request,
            int status,
            String outcome,
            String detail,
            String service) {}

    @TemplateData
    record AuditFilter(String actor, String action, String outcome, String job, String nextUrl, String olderThan) {}

    @PublicEndpoint
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("outcome") String outcome,
            @QueryParam("job") String job,
            @QueryParam("before") @DefaultValue("") String before) {
        WebUser me = viewer.require(Permission.AUDIT_READ);
        String a = JobPages.blankToNull(actor);
        String ac = JobPages.blankToNull(action);
        String o = JobPages.blankToNull(outcome);
        String j = JobPages.blankToNull(job);
        Long beforeId = null;
        if (!before.isBlank()) {
            try {
                beforeId = Long.parseLong(before.trim());
            } catch (NumberFormatException e) {
                throw WebError.badRequest("before must be an audit row number, was '" + before + "'");
            }
        }
        Long b = beforeId;
        List<Object[]> rows;
        String problem = null;
        try {
            rows = db.read(c -> Jdbc.query(
                    c,
                    """
                    SELECT id, at, service, actor_subject, actor_name, actor_roles, action, target, job_id::text AS job,
                           method, path, status, outcome, detail, request_id
                    FROM audit_log
                    WHERE (?::text IS NULL OR actor_subject ILIKE ?::text OR actor_name ILIKE ?::text)
                      AND (?::text IS NULL OR action ILIKE ?::text)
                      AND (?::text IS NULL OR outcome = ?::text)
                      AND (?::text IS NULL OR job_id::text = ?::text)
                      AND (?::bigint IS NULL OR id < ?::bigint)
                    ORDER BY id DESC LIMIT ?""",
                    rs -> new Object[] {
                        rs.getLong("id"),
                        new AuditLine(
                                Format.time(Jdbc.instant(rs, "at")),
                                JobPages.nullToEmpty(rs.getString("actor_name"))
                                        + (rs.getString("actor_subject") == null
                                                ? ""
                                                : " (" + rs.getString("actor_subject") + ")"),
                                JobPages.nullToEmpty(rs.getString("actor_roles")),
                                rs.getString("action"),
                                JobPages.nullToEmpty(rs.getString("target")),
                                JobPages.nullToEmpty(rs.getString("job")),
                                rs.getString("method") + " " + rs.getString("path"),
                                rs.getInt("status"),
                                rs.getString("outcome"),
                                JobPages.nullToEmpty(rs.getString("detail")),
                                rs.getString("service"))
                    },
                    a,
                    like(a),
                    like(a),
                    ac,
                    like(ac),
                    o,
                    o,
                    j,
                    j,
                    b,
                    b,
                    PAGE_SIZE));
        } catch (DataAccessException e) {
            LOG.warnf("audit page: the audit trail cannot be read: %s", e.getMessage());
            rows = List.of();
            problem = "The audit trail cannot be read (" + e.getMessage() + ").";
        }
        List<AuditLine> lines = rows.stream().map(r -> (AuditLine) r[1]).toList();
        String next = null;
        if (rows.size() == PAGE_SIZE) {
            long last = (long) rows.get(rows.size() - 1)[0];
            StringBuilder q = new StringBuilder("/ui/audit?");
            if (a != null) {
                q.append("actor=").append(JobPages.enc(a)).append('&');
            }
            if (ac != null) {
                q.append("action=").append(JobPages.enc(ac)).append('&');
            }
            if (o != null) {
                q.append("outcome=").append(JobPages.enc(o)).append('&');
            }
            if (j != null) {
                q.append("job=").append(JobPages.enc(j)).append('&');
            }
            next = q.append("before=").append(last).toString();
        }
        return page.data("lines", lines)
                .data("problem", problem)
                .data(
                        "filter",
                        new AuditFilter(
                                a == null ? "" : a,
                                ac == null ? "" : ac,
                                o == null ? "" : o,
                                j == null ? "" : j,
                                next,
                                before))
                .data("me", me)
                .data("csrf", viewer.csrf())
                .data("nav", Nav.of(me));
    }

    private static String like(String s) {
        return s == null
                ? null
                : "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
