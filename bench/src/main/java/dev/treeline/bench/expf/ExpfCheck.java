package dev.treeline.bench.expf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.treeline.deployer.endpoint.FloatMath;

/**
 * Which FloatMath.Exp variant is this machine's glibc expf (the one libxgboost4j.so calls)? Compares block hashes
 * over float inputs with those printed by glibc_expf_blocks.c ("block hash" per line: all 4096 blocks of 2^20
 * inputs, or a sample of them in the smoke run). Exits 1 when no variant is identical on the blocks given: the
 * deployer's Java evaluator could then not be bit-exact here. Usage: see bench/invocation/expf-check/run-expf-check.sh.
 */
public final class ExpfCheck {

    private ExpfCheck() {
    }

    public static void main(String[] args) throws Exception {
        List<String[]> glibc = Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank())
                .map(l -> l.trim().split("\\s+")).toList();
        if (glibc.isEmpty()) {
            System.err.println("no glibc block hashes in " + args[0]);
            System.exit(1);
        }
        long inputs = (long) glibc.size() << 20;
        boolean anyIdentical = false;
        for (FloatMath.Exp variant : FloatMath.Exp.values()) {
            int differing = 0;
            for (String[] line : glibc) {
                if (!String.format("%016x", blockHash(variant, Long.parseLong(line[0]))).equals(line[1])) {
                    differing++;
                }
            }
            anyIdentical |= differing == 0;
            System.out.println(variant + ": " + (differing == 0 ? "identical to glibc expf on all " + inputs
                    + " inputs checked" : differing + " of " + glibc.size() + " blocks differ") + " (" + glibc.size()
                    + " of 4096 blocks)");
        }
        if (!anyIdentical) {
            System.err.println("no FloatMath.Exp variant equals this machine's glibc expf");
            System.exit(1);
        }
    }

    static long blockHash(FloatMath.Exp variant, long block) {
        long h = 0;
        for (long i = 0; i < (1L << 20); i++) {
            float x = Float.intBitsToFloat((int) ((block << 20) | i));
            float y = variant.exp(x);
            int out = Float.isNaN(y) ? 0x7fc00000 : Float.floatToRawIntBits(y);
            h = h * 1000003L + (out & 0xffffffffL);
        }
        return h;
    }
}
