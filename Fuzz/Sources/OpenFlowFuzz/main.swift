import CFuzzDriver
import Foundation

// SwiftPM renames this target's entry point and points `main` at it, so libFuzzer's own `main`
// is not linked: run libFuzzer's driver from here, with the usual command line.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
