import ArgumentParser
import Foundation
import LayerLint

/// The options that say what the function is, shared by `check` and `why`. Values not
/// given come from the configuration file; `--runtime` and `--arch` win over
/// `--function-config`, which wins over `--template`.
struct TargetOptions: ParsableArguments {
    @Option(help: "The function's runtime, e.g. python3.12.")
    var runtime: String?

    @Option(help: "The function's architecture: x86_64 (amd64) or arm64 (aarch64).")
    var arch: String?

    @Option(
        name: .customLong("function-config"), help: "JSON of `aws lambda get-function-configuration` or `get-function`."
    )
    var functionConfig: String?

    @Option(
        name: .customLong("function-zip"), help: "The function's own deployment package (/var/task), or its folder.")
    var functionZip: String?

    @Option(help: "A SAM or CloudFormation template (YAML or JSON) that defines the function.")
    var template: String?

    @Option(help: "The function's logical id in --template, when it defines several.")
    var function: String?

    @Option(
        help: ArgumentHelp(
            "A runtime catalog (JSON, as layerlint's runtimes.json) to use instead of the compiled-in one.",
            discussion: "Default: the file LAYERLINT_CATALOG names, when it is set."))
    var catalog: String?

    @Flag(
        name: .customLong("no-cache"),
        help: ArgumentHelp(
            "Neither read nor keep what reading ELF libraries gave (kept by content in ~/.cache/layerlint).",
            discussion: "LAYERLINT_CACHE_DIR moves the cache (else XDG_CACHE_HOME/layerlint); "
                + "LAYERLINT_NO_CACHE=1 turns it off."))
    var noCache = false

    /// Where the cache of ELF members' library needs lives, or `nil` when it is off.
    var cacheFolder: String? {
        let environment = ProcessInfo.processInfo.environment
        if noCache || (environment["LAYERLINT_NO_CACHE"].map { !$0.isEmpty && $0 != "0" } ?? false) { return nil }
        if let folder = environment["LAYERLINT_CACHE_DIR"], !folder.isEmpty { return folder }
        if let folder = environment["XDG_CACHE_HOME"], folder.hasPrefix("/") { return folder + "/layerlint" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/layerlint" }
        return nil
    }

    /// `--catalog`, else `LAYERLINT_CATALOG` when set and not empty.
    var catalogFile: String? {
        catalog
            ?? ProcessInfo.processInfo.environment[CatalogFile.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }
}
