package io.darkroom.render.ops;

import java.util.List;

/**
 * The filters that turn a decoded picture upright the way FFmpeg's autorotate does: by the clockwise rotation of the
 * display matrix and, when the matrix also reflects ({@code MediaInfo.mirrored}), with the flip it implies. The
 * eight results are the eight orientations of a rectangle; with a reflection the picture is flipped top to bottom
 * and then turned, which FFmpeg writes as one filter per angle: {@code vflip} (0), {@code transpose=cclock_flip}
 * (90), {@code hflip} (180), {@code transpose=clock_flip} (270).
 */
public final class Orientation {

    private Orientation() {}

    /**
     * @param rotation clockwise degrees, a multiple of 90
     * @param mirrored whether the display matrix reflects
     * @return filter specs ({@code name} or {@code name=args}) in order; empty for an upright, unreflected picture
     * @throws IllegalArgumentException for a rotation that is not a multiple of 90
     */
    public static List<String> filters(int rotation, boolean mirrored) {
        int r = ((rotation % 360) + 360) % 360;
        if (r % 90 != 0) {
            throw new IllegalArgumentException("rotation must be a multiple of 90, was " + rotation);
        }
        if (mirrored) {
            return switch (r) {
                case 0 -> List.of("vflip");
                case 90 -> List.of("transpose=cclock_flip");
                case 180 -> List.of("hflip");
                default -> List.of("transpose=clock_flip");
            };
        }
        return switch (r) {
            case 0 -> List.of();
            case 90 -> List.of("transpose=clock");
            case 180 -> List.of("hflip", "vflip");
            default -> List.of("transpose=cclock");
        };
    }

    /** Whether the picture's sides swap (a quarter turn). */
    public static boolean swapsSides(int rotation) {
        return ((rotation % 360) + 360) % 180 != 0;
    }
}
