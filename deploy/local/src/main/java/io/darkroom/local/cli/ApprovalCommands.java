package io.darkroom.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.local.Approval;
import io.darkroom.local.DarkroomClient;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code approve}, {@code reject} and {@code preview}: a person's side of an approval-gated job (a recipe with
 * {@code "approval": "required"}), against the running stack's process-service. A refusal of the service (4xx)
 * prints its detail and exits 1.
 */
final class ApprovalCommands {
    static final String APPROVE_USAGE =
            "usage: darkroom approve <jobId> [--method model|lanczos]" + " [--note TEXT] [--process URL]";
    static final String REJECT_USAGE = "usage: darkroom reject <jobId> --note TEXT [--process URL]";
    static final String PREVIEW_USAGE = "usage: darkroom preview <jobId> [--process URL]";

    private final PrintStream out;
    private final PrintStream err;

    ApprovalCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Approves the preview of a job that is AWAITING_APPROVAL: it renders with the chosen method. */
    int approve(Args a) {
        String jobId = jobId(a, APPROVE_USAGE);
        String method = a.option("method", null); // checked by process-service (422 names the methods it knows)
        DarkroomClient client = client(a);
        JsonNode job;
        try {
            job = client.approve(jobId, method, a.option("note", null));
        } catch (DarkroomClient.ApiException e) {
            throw refused("approve", jobId, e);
        }
        out.println("job " + jobId + " approved (method " + (method == null ? "model" : method) + "): "
                + job.path("state").asText());
        out.flush();
        return 0;
    }

    /** Rejects the preview of a job that is AWAITING_APPROVAL: the job ends CANCELLED with the note. */
    int reject(Args a) {
        String jobId = jobId(a, REJECT_USAGE);
        String note = required(a, "note", REJECT_USAGE);
        DarkroomClient client = client(a);
        JsonNode job;
        try {
            job = client.reject(jobId, note);
        } catch (DarkroomClient.ApiException e) {
            throw refused("reject", jobId, e);
        }
        out.println("job " + jobId + ": " + job.path("state").asText()
                + (job.path("reason").isTextual() ? " - " + job.path("reason").asText() : " - rejected"));
        out.flush();
        return 0;
    }

    /** Prints a job's approval gate: status, decision, every preview image and manifest, the evaluation table. */
    int preview(Args a) {
        String jobId = jobId(a, PREVIEW_USAGE);
        DarkroomClient client = client(a);
        Approval approval;
        try {
            approval = client.approval(jobId);
        } catch (DarkroomClient.ApiException e) {
            throw CliException.failed(
                    e.status() == 404
                            ? "job " + jobId + " is unknown or has no approval gate (" + e.detail() + ")"
                            : "process-service answered " + e.status() + ": " + e.detail());
        }
        print(approval, out);
        out.println("web monitor: " + client.approvalPage(jobId)
                + "   (the preview side by side and as a wipe; a supervisor decides there)");
        out.flush();
        return 0;
    }

    /** The gate as a person reads it ({@code demo-upscale} prints previews as output lines instead). */
    static void print(Approval a, PrintStream out) {
        out.println("approval of job " + a.jobId() + ": " + a.status() + " (model " + a.model()
                + (a.scale() == null ? "" : ", x" + a.scale()) + ")");
        if (a.decidedBy() != null) {
            out.println("decided by " + a.decidedBy() + (a.method() == null ? "" : ", method " + a.method())
                    + (a.decidedAt() == null ? "" : ", at " + a.decidedAt())
                    + (a.note() == null || a.note().isBlank() ? "" : ": " + a.note()));
        }
        if (a.error() != null) {
            out.println("preview failed: " + a.error());
        }
        for (Approval.Preview p : a.previews()) {
            out.println("preview " + p.clip() + " #" + p.index() + " (frame " + p.frame() + ", " + p.width() + "x"
                    + p.height() + "): " + p.path());
            if (p.manifest() != null) {
                out.println("  manifest: " + p.manifest());
            }
            if (!p.scores().isEmpty()) {
                out.println(
                        "  " + p.scores().stream().map(ApprovalCommands::score).collect(Collectors.joining(", ")));
            }
        }
        printEvaluation(a, out);
    }

    /** The evaluation table (method, PSNR, SSIM, seconds per clip), or a line saying there is none yet. */
    static void printEvaluation(Approval a, PrintStream out) {
        if (a.evaluation().isEmpty()) {
            out.println("evaluation: none yet");
            return;
        }
        out.println("evaluation (frames shrunk x" + (a.scale() == null ? "?" : a.scale())
                + ", upscaled back by each method, scored against the originals):");
        a.evaluationTable().forEach(line -> out.println("  " + line));
    }

    private static String score(Approval.Score s) {
        return String.format(
                Locale.ROOT,
                "%s %s dB / SSIM %s",
                s.method(),
                s.psnr() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.psnr()),
                s.ssim() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.ssim()));
    }

    /** The ./darkroom lines a person runs to decide a job (printed by {@code demo-upscale}). */
    static String approveCommand(String jobId, String processUrl) {
        return "./darkroom approve " + jobId + " --method model --note \"<note>\""
                + (processUrl == null ? "" : " --process " + processUrl);
    }

    static String rejectCommand(String jobId, String processUrl) {
        return "./darkroom reject " + jobId + " --note \"<why>\""
                + (processUrl == null ? "" : " --process " + processUrl);
    }

    private static CliException refused(String what, String jobId, DarkroomClient.ApiException e) {
        return CliException.failed(
                "process-service refused to " + what + " job " + jobId + " (" + e.status() + "): " + e.detail());
    }

    private static DarkroomClient client(Args a) {
        JobCommands.Endpoints ep = JobCommands.endpoints(a, false);
        return new DarkroomClient(ep.ingest(), ep.process(), Credentials.requireToken());
    }

    private static String jobId(Args a, String usage) {
        if (a.positional().size() != 1) {
            throw CliException.usage(usage);
        }
        return a.positional().get(0);
    }

    private static String required(Args a, String option, String usage) {
        String v = a.option(option, null);
        if (v == null || v.isBlank()) {
            throw CliException.usage("--" + option + " is required\n" + usage);
        }
        return v;
    }
}
