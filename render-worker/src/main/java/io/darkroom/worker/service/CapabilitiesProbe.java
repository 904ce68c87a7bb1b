package io.darkroom.worker.service;

import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.jboss.logging.Logger;

/** What this worker can encode, found once through FFmpeg's encoder registry (JavaCV natives). */
@ApplicationScoped
public class CapabilitiesProbe {
    private static final Logger LOG = Logger.getLogger(CapabilitiesProbe.class);
    /** The encoders the presets need (see io.darkroom.contracts.Preset). */
    static final List<String> WANTED = List.of("libx264", "ffv1", "aac", "pcm_s16le");

    private volatile Capabilities capabilities;

    public Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c == null) {
            c = new Capabilities(encoders(), null, Runtime.getRuntime().availableProcessors());
            capabilities = c;
        }
        return c;
    }

    private static List<String> encoders() {
        List<String> found = new ArrayList<>();
        try {
            for (String name : WANTED) {
                if (avcodec.avcodec_find_encoder_by_name(name) != null) {
                    found.add(name);
                }
            }
            LOG.infof("encoders available: %s", found);
            return found;
        } catch (Throwable t) {
            LOG.warnf("cannot query FFmpeg encoders (%s); reporting the preset encoders unchecked", t.toString());
            return WANTED;
        }
    }
}
