package io.darkroom.local.cli;

import io.darkroom.local.ServiceStartException;
import io.darkroom.media.Ffmpeg;
import io.darkroom.models.cli.ModelsCommand;
import io.darkroom.provenance.VerifyCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The {@code ./darkroom} command line. This class owns the user interface: results on stdout ({@code output:}
 * lines, job ids, URLs), the progress bar and error messages on stderr; everything else logs through JBoss logging
 * (to stderr, see {@link CliLogging}).
 */
public final class DarkroomCli {
    private static final Logger LOG = Logger.getLogger(DarkroomCli.class);
    static final String USAGE =
            """
            usage: darkroom <command> [options]
              demo [--workers N] [--timeout s] [--state-dir DIR] [--generated-media]
                                            start a stack, run one job of real clips (or of clips made by
                                            ffmpeg), check every output, stop
              demo-upscale [--auto-approve] [--workers N] [--timeout s] [--state-dir DIR] [--registry DIR]
                                            AI upscale behind an approval gate: import the esrgan-slim x2 model
                                            if missing, start a stack, render a preview of the 10-bit clip, wait
                                            for a person to approve or reject it (or approve it with
                                            --auto-approve), check and verify the 852x480 ProRes HQ master, stop
              up [--workers N] [--slots N] [--threads K] [--bench] [--state-dir DIR] [--registry DIR]
                                            start the stack in the background (.darkroom/stack.json); models
                                            from --registry (default .darkroom/models); a service that exits
                                            unexpectedly is restarted (backoff 1 s, 2 s, 4 s ... 30 s; left down
                                            after 5 exits within 60 s); --slots: tasks each worker runs at once
                                            (default 1); --threads: FFmpeg threads of each task's
                                            decoder and encoders (default 0: FFmpeg's choice); --bench:
                                            for bench/dispatch only, admins may make jobs of no-op tasks
                                            (POST /bench/noop-jobs) and workers run them
              down                          stop the background stack
              submit <job.json> [--wait] [--no-check] [--timeout s] [--ingest URL --process URL]
                                            submit a job; --wait follows it and checks its outputs
              status <jobId> [--json]       a job's state, clips, outputs and artifacts (--json: the whole
                                            job as process-service answers it, tasks and history included)
              status                        the running stack: each service's state, pid and restarts
              preview <jobId> [--process URL]
                                            an approval-gated job's preview images, manifests and evaluation
              approve <jobId> [--method model|lanczos] [--note TEXT] [--process URL]
                                            approve the preview as the signed-in supervisor: the job renders
                                            with the model (default) or with plain lanczos
              reject <jobId> --note TEXT [--process URL]
                                            reject the preview: the job ends CANCELLED with the note
              login [NAME] [--password P] [--process URL]
                                            sign in as a built-in user; the token is kept (mode 0600, expiring)
                                            in $DARKROOM_CONFIG_HOME, else $XDG_CONFIG_HOME/darkroom, else
                                            ~/.config/darkroom; every command below sends it
              login --token JWT|- [--process URL]
                                            keep an OpenID provider's access token (- reads it from stdin),
                                            checked with process-service first; $DARKROOM_TOKEN, when set, is
                                            sent instead of any kept token
              logout                        forget the token
              whoami                        who the kept token says you are
              users add NAME --role R[,R] [--password P] [--name "Display Name"] | users list
                     | users roles NAME --role R[,R] | users remove NAME
                                            built-in users (admin); roles: artist, supervisor, ops, admin
              trust-model NAME --sha256 HEX [--fp16-sha256 HEX]
                                            trust a model of the registry folder (admin): recipes run only
                                            models in the trusted catalog
              verify <output> [--key PEM|DIR] [--root name=DIR]...
                                            check an output against its signed provenance manifest
              models import-tfjs <dir> | import-npm <pkg@ver> | list | register <onnx> --name N --scale S
                     | verify <name> | evaluate <model> <clip> [--frames N]   [--registry DIR]
                                            the model registry (AI upscale models)
              test                          (./darkroom only) build and run every test""";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    public DarkroomCli(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        CliLogging.configure(Boolean.getBoolean("darkroom.quiet"));
        boolean redraw = "redraw".equals(System.getProperty("darkroom.progress"));
        int rc = new DarkroomCli(System.out, System.err, redraw).run(args);
        System.exit(rc);
    }

    /** Runs one command; returns the exit code. */
    public int run(String... args) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? CliException.USAGE : 0;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return dispatch(command, rest);
        } catch (CliException e) {
            err.println("darkroom " + command + ": " + e.getMessage());
            return e.exitCode();
        } catch (ServiceStartException e) {
            err.println("darkroom " + command + ": a service did not start: " + e.getMessage());
            return CliException.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("darkroom " + command + ": interrupted");
            return CliException.FAILED;
        } catch (RuntimeException e) {
            LOG.debugf(e, "%s failed", command);
            err.println("darkroom " + command + " failed: " + e);
            return CliException.FAILED;
        }
    }

    private int dispatch(String command, List<String> args) throws InterruptedException {
        JobCommands jobs = new JobCommands(out, err, interactive);
        StackCommands stack = new StackCommands(out, err);
        ApprovalCommands approvals = new ApprovalCommands(out, err);
        AuthCommands auth = new AuthCommands(out, err);
        switch (command) {
            case "login":
                return auth.login(Args.parse(args, Set.of("password", "process", "ingest", "token"), Set.of()));
            case "logout":
                Args.parse(args, Set.of(), Set.of());
                return auth.logout();
            case "whoami":
                return auth.whoami(Args.parse(args, Set.of("process", "ingest"), Set.of()));
            case "users":
                return auth.users(Args.parse(args, Set.of("role", "password", "name", "process", "ingest"), Set.of()));
            case "trust-model":
                return auth.trustModel(
                        Args.parse(args, Set.of("sha256", "fp16-sha256", "process", "ingest"), Set.of()));
            case "demo":
                return jobs.demo(
                        Args.parse(args, Set.of("workers", "timeout", "state-dir"), Set.of("generated-media")));
            case "demo-upscale":
                return new UpscaleDemo(out, err, interactive)
                        .run(Args.parse(
                                args, Set.of("workers", "timeout", "state-dir", "registry"), Set.of("auto-approve")));
            case "up":
                return stack.up(Args.parse(
                        args, Set.of("workers", "slots", "threads", "state-dir", "registry"), Set.of("bench")));
            case "down":
                Args.parse(args, Set.of(), Set.of());
                return stack.down();
            case "submit":
                return jobs.submit(
                        Args.parse(args, Set.of("timeout", "ingest", "process"), Set.of("wait", "no-check")));
            case "status":
                Args statusArgs = Args.parse(args, Set.of("ingest", "process"), Set.of("json"));
                return statusArgs.positional().isEmpty() ? stack.status() : jobs.status(statusArgs);
            case "preview":
                return approvals.preview(Args.parse(args, Set.of("ingest", "process"), Set.of()));
            case "approve":
                return approvals.approve(Args.parse(args, Set.of("method", "note", "ingest", "process"), Set.of()));
            case "reject":
                return approvals.reject(Args.parse(args, Set.of("note", "ingest", "process"), Set.of()));
            case StackCommands.DAEMON_COMMAND:
                return stack.daemon(Args.parse(
                        args, Set.of("workers", "slots", "threads", "state-dir", "registry"), Set.of("bench")));
            case "verify":
                return VerifyCommand.run(
                        args,
                        System.getenv(VerifyCommand.KEY_ENV),
                        System.getenv(VerifyCommand.TRUST_STORE_ENV),
                        out,
                        err);
            case "models":
                return new ModelsCommand(out, err).run(args.toArray(String[]::new));
            case "ffmpeg-path":
                out.println(Ffmpeg.ffmpegBinary());
                return 0;
            default:
                throw CliException.usage("unknown command " + command + "\n" + USAGE);
        }
    }
}
