package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.JobState;
import io.darkroom.contracts.Json;
import org.junit.jupiter.api.Test;

/** The job API answer as process-service writes it (shape agreed in the lead's brief). */
class JobStatusTest {
    static final String ANSWER =
            """
            {"id":"6f1c","name":"dailies","state":"SUCCEEDED","reason":null,"priority":50,
             "progress":{"tasksTotal":5,"tasksDone":5,"percent":100.0},
             "clips":[{"id":"c1","name":"gopro","source":{"root":"media","path":"timecode/gopro.mp4"},"state":"DONE",
                       "outputs":[{"name":"review","preset":"h264-review","path":"/out/6f1c/gopro_review.mp4",
                                   "qc":{"passed":true,"problems":[]}}]}],
             "tasks":[{"id":"t1","kind":"VIDEO_SEGMENT","segmentIndex":0,"state":"DONE","attempt":1},
                      {"id":"t2","kind":"VIDEO_SEGMENT","segmentIndex":1,"state":"DONE","attempt":1},
                      {"id":"t3","kind":"AUDIO","state":"DONE","attempt":1}],
             "promotions":3,"history":[{"to":"SUBMITTED"},{"to":"SUCCEEDED"}],"somethingNew":true}
            """;

    @Test
    void readsTheJobAnswerAndToleratesUnknownFields() {
        JobStatus job = Json.read(ANSWER, JobStatus.class);
        assertThat(job.jobState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.terminal()).isTrue();
        assertThat(job.progress().tasksDone()).isEqualTo(5);
        assertThat(job.clips()).singleElement().satisfies(c -> {
            assertThat(c.source().path()).isEqualTo("timecode/gopro.mp4");
            assertThat(c.outputs()).singleElement().satisfies(o -> {
                assertThat(o.path()).isEqualTo("/out/6f1c/gopro_review.mp4");
                assertThat(o.qc().path("passed").asBoolean()).isTrue();
            });
        });
        assertThat(job.tasksOfKind("VIDEO_SEGMENT")).hasSize(2);
        assertThat(job.history()).hasSize(2);
    }

    @Test
    void aGatedJobCarriesItsApprovalAndAnUngatedOneNone() {
        JobStatus gated = Json.read(
                """
                {"id":"x","state":"AWAITING_APPROVAL","approval":{"status":"READY","model":"esrgan-slim-x2"}}
                """,
                JobStatus.class);
        assertThat(gated.jobState()).isEqualTo(JobState.AWAITING_APPROVAL);
        assertThat(gated.terminal()).isFalse();
        assertThat(gated.gated()).isTrue();
        assertThat(gated.approval().path("status").asText()).isEqualTo("READY");

        assertThat(Json.read("{\"id\":\"y\",\"state\":\"RUNNING\",\"approval\":null}", JobStatus.class)
                        .gated())
                .isFalse();
        assertThat(Json.read(ANSWER, JobStatus.class).gated()).isFalse();
    }

    @Test
    void aRunningJobIsNotTerminal() {
        JobStatus job = Json.read("{\"id\":\"x\",\"state\":\"RUNNING\"}", JobStatus.class);
        assertThat(job.terminal()).isFalse();
        assertThat(job.clips()).isEmpty();
        assertThat(job.tasks()).isEmpty();
    }

    @Test
    void readsArtifactsAndPartialAndToleratesUnknownStates() {
        JobStatus job = Json.read(
                """
                {"id":"x","state":"PARTIAL","reason":"1 of 2 clips failed: b",
                 "artifacts":[{"kind":"poster","path":"/out/x/a_poster.jpg","clip":"a"},
                              {"kind":"contactSheet","path":"/out/x/contact_sheet.jpg"},
                              {"kind":"ale","path":"/out/x/x.ale","rows":2}]}
                """,
                JobStatus.class);
        assertThat(job.jobState()).isEqualTo(JobState.PARTIAL);
        assertThat(job.terminal()).isTrue();
        assertThat(job.artifacts())
                .extracting(JobStatus.Artifact::kind)
                .containsExactly("poster", "contactSheet", "ale");
        assertThat(job.artifactsOfKind("poster")).singleElement().satisfies(a -> assertThat(a.clip())
                .isEqualTo("a"));

        JobStatus future = Json.read("{\"id\":\"y\",\"state\":\"SOMETHING_NEW\"}", JobStatus.class);
        assertThat(future.jobState()).isNull();
        assertThat(future.terminal()).isFalse();
        assertThat(future.artifacts()).isEmpty();
    }
}
