package io.darkroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSignatureTest {
    @TempDir
    Path site;

    @TempDir
    Path stranger;

    private static final String DRAIN = "{\"type\":\"drain\",\"eventId\":\"e1\",\"workerId\":\"render-07\"}";

    @Test
    void aCommandSignedWithTheSiteKeyVerifiesAndNothingElseDoes() {
        KeyPair key = SigningKeys.loadOrCreate(site);
        KeyPair other = SigningKeys.loadOrCreate(stranger);
        String sig = CommandSignature.sign(key.getPrivate(), DRAIN);

        assertThat(CommandSignature.verify(key.getPublic(), DRAIN, sig)).isTrue();
        assertThat(CommandSignature.verify(key.getPublic(), DRAIN.replace("render-07", "render-08"), sig))
                .as("an altered command")
                .isFalse();
        assertThat(CommandSignature.verify(key.getPublic(), DRAIN, CommandSignature.sign(other.getPrivate(), DRAIN)))
                .as("signed by a key the worker does not trust")
                .isFalse();
        assertThat(CommandSignature.verify(key.getPublic(), DRAIN, null))
                .as("unsigned")
                .isFalse();
        assertThat(CommandSignature.verify(key.getPublic(), DRAIN, "not base64 at all!"))
                .isFalse();
    }
}
