// libFuzzer entry point for configuration files; see scripts/fuzz-configuration. Each input
// is written to a file and loaded as layerlint loads one: as .layerlint.toml and as
// pyproject.toml. Any outcome but a crash, a hang or a trap is fine: a configuration is
// read, or refused with an error naming the file.
import Foundation
import LayerLint

private let folder: String = {
    let path = (ProcessInfo.processInfo.environment["FUZZ_SCRATCH"] ?? NSTemporaryDirectory())
        + "/layerlint-configuration-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// One input (libFuzzer's callback, given to its driver by main.swift).
func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    for name in [".layerlint.toml", "pyproject.toml"] {
        let path = folder + "/" + name
        guard (try? bytes.write(to: URL(fileURLWithPath: path))) != nil else { return 0 }
        do {
            let configuration = try Configuration.load(file: path)
            // What was read is usable: every glob compiled matches or not without trapping.
            for ignore in configuration.perPathIgnores { _ = ignore.matches("python/numpy/core/x.so") }
            _ = configuration.layers.map { Glob($0)?.matches("dist/layer.zip") }
        } catch {
            precondition(error.description.hasPrefix(path) || error.description.contains(path),
                         "an error that does not name the file: \(error.description)")
        }
    }
    return 0
}
