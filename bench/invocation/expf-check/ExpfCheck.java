import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.treeline.deployer.endpoint.FloatMath;

/**
 * Which FloatMath.Exp variant is this machine's glibc expf? Compares block hashes over all 2^32 float
 * inputs with those printed by glibc_expf_blocks.c. Usage: see run-expf-check.sh.
 */
public class ExpfCheck {
    public static void main(String[] args) throws Exception {
        List<String> glibc = Files.readAllLines(Path.of(args[0]));
        for (FloatMath.Exp variant : FloatMath.Exp.values()) {
            int differing = 0;
            for (long block = 0; block < 4096; block++) {
                long h = 0;
                for (long i = 0; i < (1L << 20); i++) {
                    float x = Float.intBitsToFloat((int) ((block << 20) | i));
                    float y = variant.exp(x);
                    int out = Float.isNaN(y) ? 0x7fc00000 : Float.floatToRawIntBits(y);
                    h = h * 1000003L + (out & 0xffffffffL);
                }
                if (!String.format("%016x", h).equals(glibc.get((int) block))) {
                    differing++;
                }
            }
            System.out.println(variant + ": " + (differing == 0 ? "identical to glibc expf on all 2^32 inputs"
                    : differing + " of 4096 blocks differ"));
        }
    }
}
