import Foundation
import ImageModel
import LambdaPlatform

/// The pip commands the fixes give: wheels for Lambda's Linux, the target's CPU and
/// CPython, written into the layer's folder even where something is already there.
package enum PipCommand {
    /// `pip install` of `words` (requirements, or `-r FILE`) for the target into `target`
    /// (`python`, or `python/lib/pythonX.Y/site-packages`), each word shell-quoted.
    ///
    /// Without a runtime the newest supported Python the check ran for is used (the message
    /// says so); without an architecture, x86_64, Lambda's default.
    ///
    /// `keepingInstalled` first writes the versions already in the folder to a constraints
    /// file, so that dependencies pip installs again keep those versions: `--upgrade
    /// --target` would otherwise replace a package with its newest version and leave the old
    /// `.dist-info` behind.
    package static func install(
        _ words: [String], target: String, context: LintContext, keepingInstalled: Bool = false
    ) -> String {
        let pins = "/tmp/layer-pins.txt"
        let freeze = keepingInstalled ? "pip freeze --path \(shellQuoted(target)) > \(pins) && " : ""
        let constraints = keepingInstalled ? "-c \(pins) " : ""
        let python = runtime(context)?.python?.version ?? "3.12"
        return freeze + "pip install " + platformOptions(context).joined(separator: " ")
            + " --implementation cp --only-binary=:all: --python-version \(python) --upgrade --target "
            + shellQuoted(target) + " " + constraints
            + words.map { $0 == "-r" ? $0 : shellQuoted($0) }.joined(separator: " ")
    }

    /// The Python that runs pip in the fixes: the target's own (`python3.12`), whose pip
    /// compiles bytecode the runtime uses and checks `Requires-Python` against the runtime's
    /// version; without a runtime, the newest the check ran for.
    package static func python(_ context: LintContext) -> String {
        "python" + (runtime(context)?.python?.version ?? "3")
    }

    /// The runtime the commands are for: the target's, else the newest the check ran for.
    static func runtime(_ context: LintContext) -> RuntimeCatalog.Runtime? {
        context.target.runtime ?? context.everyPython.last?.runtime
    }

    /// The options that make pip choose wheels for the target: its platforms, CPython, its
    /// Python version, wheels only.
    package static func targetOptions(_ context: LintContext) -> [String] {
        let python = runtime(context)?.python?.version ?? "3.12"
        return platformOptions(context) + [
            "--implementation", "cp", "--python-version", python, "--only-binary=:all:",
        ]
    }

    /// `--platform` options for the target's CPU and every manylinux baseline its system's
    /// glibc runs: manylinux2014 (glibc 2.17, which pip widens to manylinux2010 and
    /// manylinux1), and on Amazon Linux 2023 (glibc 2.34) also manylinux_2_28 and
    /// manylinux_2_34, which pip does not widen to and some projects publish alone.
    static func platformOptions(_ context: LintContext) -> [String] {
        let machine = context.target.architecture?.machine ?? "x86_64"
        var platforms = ["manylinux2014_\(machine)"]
        let target = Target(runtime: runtime(context), architecture: context.target.architecture, sources: [])
        if let glibc = LintContext.glibcCeiling(of: target, catalog: context.catalog) {
            for minor in [28, 34] where glibc.major == 2 && glibc.minor >= minor {
                platforms.append("manylinux_2_\(minor)_\(machine)")
            }
        }
        return platforms.flatMap { ["--platform", $0] }
    }

    /// A word for a POSIX shell: as it is when it holds only safe characters, else in single quotes.
    package static func shellQuoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "-_./=+:@%".unicodeScalars.contains($0)
        }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
