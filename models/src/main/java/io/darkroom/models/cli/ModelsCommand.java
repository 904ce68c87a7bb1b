package io.darkroom.models.cli;

import io.darkroom.media.ProbeException;
import io.darkroom.models.convert.TfjsImporter;
import io.darkroom.models.eval.EvaluateCommand;
import io.darkroom.models.onnx.BringYourOwn;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.models.tfjs.NpmPack;
import io.darkroom.models.tfjs.TfjsFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code darkroom models ...}: import TensorFlow.js models, register bring-your-own ONNX models, list the registry.
 * The registry folder is {@code --registry DIR}, else system property {@code darkroom.models.dir}, else environment
 * variable {@code DARKROOM_MODELS_DIR}, else {@code .darkroom/models} under the working directory.
 */
public final class ModelsCommand {

    static final String USAGE =
            """
            usage: darkroom models <command> [options]
              import-tfjs <dir> [--name N] [--registry DIR]
                  convert a TensorFlow.js layers model (dir holds model.json) to ONNX and register it
              import-npm <package@version> [--scale S] [--name N] [--work DIR (default: npm beside the registry)] [--registry DIR]
                  npm pack an upscalerjs model package (e.g. @upscalerjs/esrgan-slim@1.0.0), then import-tfjs models/x<S>
              register <file.onnx> --name N --scale S [--range MIN..MAX] [--version V] [--licence L]
                       [--source TEXT] [--layout NHWC|NCHW] [--input TENSOR] [--output TENSOR] [--registry DIR]
                  register a bring-your-own ONNX model (its sha256 is recorded). Tensor names and layout are read
                  from the file; --range is the value range of the model's RGB input and output (default 0..1,
                  as PyTorch exports such as Real-ESRGAN expect; the converted TensorFlow.js models use 0..255)
              list [--registry DIR]
                  the registered models
              verify <name> [--registry DIR]
                  check that a model's file (and its float16 variant, when it has one) still has its recorded sha256
            """
                    + EvaluateCommand.USAGE.stripTrailing();

    private final PrintStream out;
    private final PrintStream err;

    public ModelsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ModelsCommand(System.out, System.err).run(args));
    }

    /** Runs one command; returns the process exit code (0 done, 1 failed, 2 usage). */
    public int run(String... args) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        try {
            Args a = Args.parse(args);
            ModelRegistry registry = new ModelRegistry(registryDir(a.options.get("registry")));
            switch (a.command) {
                case "import-tfjs" ->
                    printImported(TfjsImporter.importInto(registry, Path.of(a.positional(0)), a.options.get("name")));
                case "import-npm" -> {
                    Path work = Path.of(a.options.getOrDefault(
                            "work", registry.directory().resolveSibling("npm").toString()));
                    Path pkg = NpmPack.fetch(a.positional(0), work);
                    int scale = Integer.parseInt(a.options.getOrDefault("scale", "2"));
                    printImported(
                            TfjsImporter.importInto(registry, NpmPack.modelDir(pkg, scale), a.options.get("name")));
                }
                case "register" -> printImported(register(registry, a));
                case "list" -> list(registry);
                case "verify" -> {
                    ModelMetadata m = registry.load(a.positional(0)).metadata();
                    out.println("ok: " + m.name() + " sha256 " + m.sha256());
                    if (m.fp16() != null) {
                        registry.loadFloat16(m.name());
                        out.println("ok: " + m.name() + " float16 variant "
                                + m.fp16().file() + " sha256 " + m.fp16().sha256());
                    }
                }
                case "evaluate" ->
                    EvaluateCommand.run(registry, a.positional(0), Path.of(a.positional(1)), a.options, out);
                default -> throw new UsageException("unknown command '" + a.command + "'");
            }
            return 0;
        } catch (UsageException | NumberFormatException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (ModelRegistryException
                | TfjsFormatException
                | IOException
                | IllegalArgumentException
                | IllegalStateException
                | ProbeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private ModelMetadata register(ModelRegistry registry, Args a) throws IOException {
        Path onnx = Path.of(a.positional(0));
        if (!Files.isRegularFile(onnx)) {
            throw new IOException("no such file: " + onnx);
        }
        BringYourOwn.Described d = BringYourOwn.describe(
                Files.readAllBytes(onnx),
                onnx.getFileName().toString(),
                a.required("name"),
                a.required("scale"),
                a.options);
        out.println(d.summary());
        return registry.register(onnx, d.metadata());
    }

    private void list(ModelRegistry registry) {
        List<ModelMetadata> models = registry.list();
        if (models.isEmpty()) {
            out.println("no models in " + registry.directory());
            return;
        }
        out.printf("%-24s %-10s %5s  %-12s %-64s  %s%n", "NAME", "VERSION", "SCALE", "LICENCE", "SHA256", "SOURCE");
        for (ModelMetadata m : models) {
            out.printf(
                    "%-24s %-10s %5d  %-12s %-64s  %s%n",
                    m.name(), m.version(), m.scale(), m.licence(), m.sha256(), m.source());
        }
    }

    private void printImported(ModelMetadata m) {
        out.println("registered: " + m.name() + " (scale " + m.scale() + ", version " + m.version() + ", licence "
                + m.licence() + ")");
        out.println("sha256: " + m.sha256());
        out.println("file: " + m.name() + ".onnx");
        if (m.fp16() != null) {
            out.println("float16 variant: " + m.fp16().file() + " (sha256 "
                    + m.fp16().sha256() + ")");
        }
    }

    /** --registry, else -Ddarkroom.models.dir, else $DARKROOM_MODELS_DIR, else .darkroom/models. */
    public static Path registryDir(String option) {
        if (option != null) {
            return Path.of(option);
        }
        String prop = System.getProperty("darkroom.models.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("DARKROOM_MODELS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(".darkroom", "models");
    }

    /** A command word, positional arguments and {@code --key value} options. */
    record Args(String command, List<String> positionals, Map<String, String> options) {
        static Args parse(String[] args) {
            List<String> positionals = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(args[i] + " needs a value");
                    }
                    options.put(args[i].substring(2), args[++i]);
                } else {
                    positionals.add(args[i]);
                }
            }
            return new Args(args[0], positionals, options);
        }

        String positional(int i) {
            if (positionals.size() <= i) {
                throw new UsageException(command + " needs an argument");
            }
            return positionals.get(i);
        }

        String required(String option) {
            String v = options.get(option);
            if (v == null) {
                throw new UsageException(command + " needs --" + option);
            }
            return v;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
