package io.darkroom.recipe.ops;

/** A sample ASC CDL collection (two corrections, sh010 and sh020), for the parser's tests and render-core's. */
public final class TestGrades {
    public static final String CCC =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ColorCorrectionCollection xmlns="urn:ASC:CDL:v1.01">
              <ColorCorrection id="sh010">
                <SOPNode><Slope>1.1 1.0 0.9</Slope><Offset>0.01 0 -0.01</Offset><Power>1 1 1</Power></SOPNode>
                <SatNode><Saturation>1.0</Saturation></SatNode>
              </ColorCorrection>
              <ColorCorrection id="sh020">
                <SOPNode>
                  <Description>warm</Description>
                  <Slope>1.2 1.0 0.8</Slope>
                  <Offset>0.02 0.0 -0.03</Offset>
                  <Power>0.9 1.1 1.0</Power>
                </SOPNode>
                <SATNode><Saturation>0.8</Saturation></SATNode>
              </ColorCorrection>
            </ColorCorrectionCollection>
            """;

    private TestGrades() {}
}
