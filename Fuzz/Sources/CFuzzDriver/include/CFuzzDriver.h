// libFuzzer's driver entry point (compiler-rt, LLVM 11 and later), declared here so Swift can
// call it: SwiftPM gives an executable target its own `main`, so libFuzzer's `main` is never
// linked and ours must hand over to the driver.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
