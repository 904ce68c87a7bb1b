package io.darkroom.worker.domain;

/**
 * What the worker tells the share group about a task record once its attempt ended. The rules:
 *
 * <ul>
 *   <li>Rendered, Failed (permanent or retryable): the event saying so is sent and the broker acknowledged it, then
 *       the record is ACCEPTed. A failed attempt is never retried by redelivery: process-service decides, and
 *       re-dispatches a retryable failure as a new attempt (a new record) with backoff. Redelivery of the same record
 *       is left for crashes only, where nobody could report anything.</li>
 *   <li>If that event could not be sent (broker unreachable within the send timeout), the record is RELEASEd: with no
 *       report, the task must come back rather than vanish.</li>
 *   <li>Cancelled (the job was cancelled through the control topic): the failed event (reason CANCELLED) is sent,
 *       then ACCEPT whether or not the broker acknowledged the event: the catalog already says CANCELLED, and a
 *       released record would only come back to be skipped.</li>
 *   <li>Interrupted (graceful shutdown cut the render short): RELEASE, no event; another worker takes it at once.</li>
 *   <li>LockLost: nothing to acknowledge, the broker already took the record back.</li>
 *   <li>A record that is not a RenderTask at all: REJECT (archived, never redelivered).</li>
 * </ul>
 */
public final class AckPolicy {

    /** Acknowledgement of a task record, mirroring the share-group acknowledge types the worker uses. */
    public enum Ack {
        /** Done with it, successfully or not: never delivered again. */
        ACCEPT,
        /** Give it back now for another delivery (increments nothing until someone acquires it again). */
        RELEASE,
        /** Unprocessable: archived, never delivered again. */
        REJECT,
        /** Send nothing: the lock is already gone. */
        NONE
    }

    private AckPolicy() {}

    /**
     * @param outcome   how the attempt ended
     * @param eventSent whether the done/failed event was acknowledged by the broker (ignored where no event is sent)
     */
    public static Ack decide(TaskOutcome outcome, boolean eventSent) {
        if (outcome instanceof TaskOutcome.Rendered || outcome instanceof TaskOutcome.Failed) {
            return eventSent ? Ack.ACCEPT : Ack.RELEASE;
        }
        if (outcome instanceof TaskOutcome.Cancelled) {
            return Ack.ACCEPT;
        }
        if (outcome instanceof TaskOutcome.Interrupted) {
            return Ack.RELEASE;
        }
        return Ack.NONE;
    }

    /** A record whose value could not be read as a RenderTask. */
    public static Ack unreadable() {
        return Ack.REJECT;
    }

    /** Whether the outcome is reported on the task events topic before acknowledging. */
    public static boolean reported(TaskOutcome outcome) {
        return outcome instanceof TaskOutcome.Rendered
                || outcome instanceof TaskOutcome.Failed
                || outcome instanceof TaskOutcome.Cancelled;
    }
}
