/* Hashes glibc's expf over every float bit pattern in blocks of 2^20 inputs (see ExpfCheck.java). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  for (uint64_t block = 0; block < 4096; block++) {
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
    printf("%016llx\n", (unsigned long long)h);
  }
  return 0;
}
