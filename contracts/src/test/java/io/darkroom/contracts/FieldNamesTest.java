package io.darkroom.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNamesTest {
    private static final List<String> OUTPUT = List.of("name", "preset", "maxWidth", "maxHeight", "crf", "ops");

    @Test
    void aMisspellingFindsTheFieldItMeant() {
        assertThat(FieldNames.nearest("maxWidht", OUTPUT)).isEqualTo("maxWidth"); // two letters swapped
        assertThat(FieldNames.nearest("maxwidth", OUTPUT)).isEqualTo("maxWidth"); // case
        assertThat(FieldNames.nearest("MAXHEIGHT", OUTPUT)).isEqualTo("maxHeight");
        assertThat(FieldNames.nearest("presets", OUTPUT)).isEqualTo("preset"); // one letter more
        assertThat(FieldNames.nearest("segmentFrame", List.of("segmentFrames", "outputs", "ops")))
                .isEqualTo("segmentFrames");
    }

    @Test
    void nothingIsSuggestedWhenNothingIsNearOrTwoAreEquallyNear() {
        assertThat(FieldNames.nearest("resolution", OUTPUT)).isNull();
        assertThat(FieldNames.nearest("cr", List.of("crf", "cro"))).isNull(); // a tie
        assertThat(FieldNames.nearest("xyz", OUTPUT)).isNull(); // short names: one edit at most
        assertThat(FieldNames.nearest(null, OUTPUT)).isNull();
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertThat(FieldNames.distance("ab", "ba")).isEqualTo(1);
        assertThat(FieldNames.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(FieldNames.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void theRefusalNamesTheFieldWhereItIsTheNearestAndTheFieldsThere() {
        assertThat(FieldNames.unknown("maxWidht", "recipe.outputs[0]", OUTPUT))
                .isEqualTo("Unknown field 'maxWidht' in recipe.outputs[0] (did you mean 'maxWidth'?); its fields: crf,"
                        + " maxHeight, maxWidth, name, ops, preset.");
        assertThat(FieldNames.unknown("colour", "the body", List.of("note")))
                .isEqualTo("Unknown field 'colour' in the body; its fields: note.");
        assertThat(FieldNames.unknown("note", "the body", List.of()))
                .isEqualTo("Unknown field 'note' in the body; it takes no fields.");
    }
}
