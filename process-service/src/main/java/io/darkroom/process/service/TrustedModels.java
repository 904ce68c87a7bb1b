package io.darkroom.process.service;

import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.TrustedModel;
import io.darkroom.process.persistence.Database;
import io.darkroom.process.persistence.ModelRepository;
import io.darkroom.recipe.ApprovalRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The trusted model catalog (table {@code models}) over the registry folder ({@code darkroom.models.dir}). The folder
 * holds the files and their metadata, but whoever can write the shared models volume can replace both, so what is
 * trusted is the SHA-256 an admin registered here ({@code POST /models}): planning resolves every upscale op's model
 * against it ({@link #resolve}), the hash travels in the tasks and the workers refuse a file that differs. A model in
 * the folder without a row here is not trusted: recipes naming it fail at planning, saying how to register it.
 */
@ApplicationScoped
public class TrustedModels {
    private static final Logger LOG = Logger.getLogger(TrustedModels.class);

    private final Database db;
    private final ModelRepository models;
    private final Optional<ModelRegistry> registry;

    public TrustedModels(Database db, ModelRepository models, DarkroomConfig config) {
        this.db = db;
        this.models = models;
        this.registry = config.models().dir().filter(d -> !d.isBlank()).map(d -> new ModelRegistry(Path.of(d)));
    }

    /** The registry folder, when {@code darkroom.models.dir} is set. */
    public Optional<ModelRegistry> registry() {
        return registry;
    }

    public Optional<TrustedModel> find(String name) {
        return db.read(c -> models.find(c, name));
    }

    public List<TrustedModel> all() {
        return db.read(models::all);
    }

    /** What a registration did: the catalog row, and whether this call wrote it. */
    public record Registered(TrustedModel model, boolean created) {}

    /**
     * Records {@code sha256} (and {@code fp16Sha256}, null when the variant is not trusted) as the trusted hashes of
     * {@code name}. The same hashes again is a no-op; other hashes under a recorded name are refused (ALREADY_EXISTS):
     * a trusted model is never silently replaced.
     */
    public Registered register(String name, String sha256, String fp16Sha256, String by) {
        return db.tx(c -> {
            boolean created = models.insert(c, name, sha256, fp16Sha256, by);
            TrustedModel row = models.find(c, name).orElseThrow();
            if (!created && !(row.sha256().equals(sha256) && Objects.equals(row.fp16Sha256(), fp16Sha256))) {
                throw new ModelRegistryException(
                        ModelRegistryException.Problem.ALREADY_EXISTS,
                        "model '" + name + "' is already trusted with sha256 " + row.sha256()
                                + (row.fp16Sha256() == null ? "" : " (float16 variant " + row.fp16Sha256() + ")")
                                + ", registered by " + row.registeredBy() + "; register another file under another"
                                + " name");
            }
            if (created) {
                LOG.infof(
                        "model %s trusted by %s: sha256 %s%s",
                        name, by, sha256, fp16Sha256 == null ? "" : ", float16 variant " + fp16Sha256);
            }
            return new Registered(row, created);
        });
    }

    /**
     * Trusts a model already in the registry folder (imported with {@code ./darkroom models import-npm}, say): its
     * file must have {@code sha256}, the hash the admin vouches for, and its float16 variant {@code fp16Sha256} when
     * given (a variant not vouched for is not trusted: fp16 recipes then fail at planning).
     *
     * @throws ModelRegistryException NOT_FOUND, HASH_MISMATCH naming both hashes, ALREADY_EXISTS
     */
    public Registered trustRegistered(String name, String sha256, String fp16Sha256, String by) {
        ModelRegistry r = registry.orElseThrow();
        ModelMetadata m = r.load(name, sha256, false).metadata();
        if (fp16Sha256 != null) {
            if (m.fp16() == null) {
                throw new ModelRegistryException(
                        ModelRegistryException.Problem.NOT_FOUND,
                        "model '" + name + "' has no float16 variant in the registry to trust");
            }
            r.load(name, fp16Sha256, true);
        }
        return register(name, sha256, fp16Sha256, by);
    }

    /**
     * The catalog rows of a recipe's upscale models, or why the recipe cannot run: a model not in the catalog, a
     * {@code sha256} pin that is not the trusted hash, fp16 without a trusted float16 variant.
     *
     * @param models by name, for {@link io.darkroom.contracts.RenderTask.RenderOutput#modelSha256()}; empty when
     *               the recipe has no upscale op
     * @param problem null when every model resolves
     */
    public record Resolution(Map<String, TrustedModel> models, String problem) {
        /** The trusted hash of the file {@code op} runs (resolved, so present). */
        public String sha256For(Op.Upscale op) {
            return models.get(op.model()).sha256For(op);
        }
    }

    /** Resolves a recipe's upscale models against the catalog, inside the planning transaction. */
    Resolution resolve(Connection c, Recipe recipe) {
        Map<String, TrustedModel> found = new LinkedHashMap<>();
        for (Op.Upscale op : ApprovalRules.upscaleOps(recipe)) {
            Optional<TrustedModel> row =
                    Optional.ofNullable(found.get(op.model())).or(() -> models.find(c, op.model()));
            if (row.isEmpty()) {
                return new Resolution(
                        Map.of(),
                        "model '" + op.model() + "' is not in the trusted model catalog: an admin registers it with"
                                + " POST /models (or ./darkroom trust-model), which records its sha256 (a model file in the"
                                + " registry folder alone"
                                + " is not trusted)");
            }
            TrustedModel m = row.get();
            if (op.sha256() != null && !op.sha256().equals(m.sha256())) {
                return new Resolution(
                        Map.of(),
                        "model '" + op.model() + "': the recipe pins sha256 " + op.sha256()
                                + " but the trusted model catalog records " + m.sha256());
            }
            if (m.sha256For(op) == null) {
                return new Resolution(
                        Map.of(),
                        "model '" + op.model() + "': precision fp16 needs its float16 variant, which the trusted"
                                + " model catalog does not record (register it with fp16Sha256, or use fp32)");
            }
            found.put(m.name(), m);
        }
        return new Resolution(found, null);
    }
}
