package io.darkroom.security.http;

/** Where a service's audit rows go (process-service: the catalog's audit_log; ingest: the audit topic). */
public interface AuditSink {
    void record(AuditEntry entry);
}
