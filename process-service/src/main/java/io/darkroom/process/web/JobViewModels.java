package io.darkroom.process.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** What the job pages render (strings already formatted; Qute escapes every one of them). */
final class JobViewModels {
    private JobViewModels() {}

    @TemplateData
    record JobLine(
            String id,
            String name,
            String state,
            String stateClass,
            String submitter,
            double percent,
            String percentText,
            long tasksDone,
            long tasks,
            int clips,
            int priority,
            String pool,
            String age,
            String eta,
            boolean awaiting,
            String approval) {}

    @TemplateData
    record Pager(int page, int pages, long total, String prevUrl, String nextUrl, String firstUrl, String lastUrl) {
        /** "1 job", "12 jobs". */
        public String totalLabel() {
            return total + (total == 1 ? " job" : " jobs");
        }
    }

    @TemplateData
    record Filter(String state, String submitter, String q, List<String> states, String query) {}

    @TemplateData
    record JobHead(
            String id,
            String name,
            String state,
            String stateClass,
            String reason,
            int priority,
            String pool,
            String submitter,
            String submitted,
            String updated,
            double percent,
            String percentText,
            long tasksDone,
            long tasks,
            String approval,
            boolean awaiting,
            String age) {}

    @TemplateData
    record ClipCard(
            String id,
            int index,
            String name,
            String state,
            String stateClass,
            String reason,
            long frames,
            String posterUrl,
            String source,
            List<OutputLine> outputs) {}

    @TemplateData
    record OutputLine(
            String name,
            String preset,
            int width,
            int height,
            boolean ready,
            String fileName,
            String downloadUrl,
            boolean playable,
            String size,
            QcLine qc) {}

    @TemplateData
    record QcLine(
            boolean passed,
            List<String> problems,
            long frames,
            String duration,
            String codec,
            int width,
            int height,
            int audioStreams,
            int audioChannels,
            String timecode,
            String psnr,
            String ssim) {}

    @TemplateData
    record TaskCell(
            String clip,
            String kind,
            int segment,
            String state,
            String stateClass,
            String worker,
            int attempt,
            String duration,
            String progress,
            String reason) {}

    @TemplateData
    record HistoryLine(String at, String from, String to, String reason) {}

    @TemplateData
    record ArtifactLine(String kind, String clip, String fileName, String url) {}

    @TemplateData
    record Controls(boolean cancel, boolean pause, boolean resume, boolean retry, boolean priority, boolean any) {}

    @TemplateData
    record ProvenanceLine(
            String clip,
            String output,
            boolean ok,
            String sha256,
            String keyId,
            String model,
            boolean aiTouched,
            String submittedBy,
            String approvedBy,
            List<String> findings) {}
}
