// A SwiftPM executable brings its own `main`, so libFuzzer's is not linked in: this one hands
// the command line to libFuzzer's driver with the entry point of ConfigurationFuzzer.swift.
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

var count = CommandLine.argc
var arguments = CommandLine.unsafeArgv
exit(runFuzzerDriver(&count, &arguments) { data, size in fuzzConfiguration(data, size) })
