/* Hashes glibc's expf over float bit patterns in blocks of 2^20 inputs (see ExpfCheck.java): every block, or
 * every <stride>-th block when a stride is given (the smoke run). Prints "<block> <hash>" per line. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  uint64_t stride = argc > 1 ? strtoull(argv[1], NULL, 10) : 1;
  if (stride == 0) stride = 1;
  for (uint64_t block = 0; block < 4096; block += stride) {
    uint64_t h = 0;
    for (uint64_t i = 0; i < (1u << 20); i++) {
      uint32_t bits = (uint32_t)((block << 20) | i);
      float x, y;
      memcpy(&x, &bits, 4);
      y = expf(x);
      uint32_t out;
      memcpy(&out, &y, 4);
      if (y != y) out = 0x7fc00000u; /* any NaN */
      h = h * 1000003u + out;
    }
    printf("%llu %016llx\n", (unsigned long long)block, (unsigned long long)h);
  }
  return 0;
}
