import LambdaPlatform
import PythonPackaging

/// Offending native files grouped by layer and package, so that a wheel built for the wrong
/// platform is one finding ("23 files in python/numpy/ …"), not one per file.
struct NativeEvidence {
    struct Group {
        let archive: String
        let layer: Int
        let package: String
        var files: [String]
        /// What the files were built for, as a phrase (`x86_64`, `glibc 2.28`).
        var builtFor: String
        /// The project whose RECORD lists the first file, when one does.
        var owner: String?
    }

    private(set) var groups: [Group] = []

    /// The evidence in the layers' binaries: `builtFor` says what a binary was built for when
    /// it is wrong for the function, or `nil` when it is fine.
    init(_ context: LintContext, builtFor: (NativeBinary) -> String?) {
        for (layer, binaries) in context.binaries.enumerated() {
            for binary in binaries {
                if let what = builtFor(binary) { add(layer: layer, binary: binary, builtFor: what) }
            }
        }
        for index in groups.indices {
            groups[index].owner = Self.distribution(for: groups[index], in: context)?.name
        }
    }

    /// One finding per group, at its first file, with the message the rule writes for it.
    func findings(_ rule: RuleDescription, _ context: LintContext, message: (Group) -> String) -> [Finding] {
        groups.map { group in
            Finding(
                rule: rule, message: message(group), archive: group.archive, path: group.files[0],
                fix: Self.fix(group, context: context))
        }
    }

    /// Findings from WHEEL tags, for the layers' distributions whose packages showed no
    /// binary evidence (modules deleted, or not recognised): `message` says what is wrong
    /// with the tags, or returns `nil` when they are fine.
    func wheelFindings(
        _ rule: RuleDescription, _ context: LintContext,
        message: (InstalledDistribution, WheelMetadata) -> String?
    ) -> [Finding] {
        context.image.distributions.compactMap { distribution in
            guard context.image.sources[distribution.source].root == "/opt/", let wheel = distribution.wheel,
                !wheel.tags.isEmpty,
                !covers(layer: distribution.source, names: distribution.importNames, project: distribution.name),
                let text = message(distribution, wheel)
            else { return nil }
            return Finding(
                rule: rule, message: text, archive: context.image.sources[distribution.source].path,
                path: distribution.wheelPath, fix: Self.reinstall(distribution, context: context))
        }
    }

    private mutating func add(layer: Int, binary: NativeBinary, builtFor: String) {
        if let index = groups.firstIndex(where: { $0.layer == layer && $0.package == binary.package }) {
            groups[index].files.append(binary.path)
            if !groups[index].builtFor.contains(builtFor) { groups[index].builtFor += ", " + builtFor }
        } else {
            groups.append(
                Group(
                    archive: binary.archive, layer: layer, package: binary.package, files: [binary.path],
                    builtFor: builtFor))
        }
    }

    /// Whether `layer` already has evidence for one of `names` (a distribution's import names).
    func covers(layer: Int, names: [String], project: String? = nil) -> Bool {
        groups.contains {
            $0.layer == layer && (names.contains($0.package) || ($0.owner != nil && $0.owner == project))
        }
    }

    /// `python/numpy/core/x.so is` or `12 native files in python/numpy/ are`.
    static func subject(_ group: Group) -> String {
        if group.files.count == 1 { return "\(group.files[0]) is" }
        let folder = PackagePath.folder(of: group.files[0])
        return "\(group.files.count) native files in \(folder) are"
    }

    /// ` (e.g. python/numpy/core/x.so)` for a group of several files, else nothing.
    static func example(_ group: Group) -> String {
        group.files.count == 1 ? "" : " (e.g. \(group.files[0]))"
    }

    /// `it` or `them`.
    static func pronoun(_ group: Group) -> String { group.files.count == 1 ? "it" : "them" }

    /// The distribution that installed a group's files: the one whose RECORD lists them,
    /// else the one whose import names hold the package; `nil` when no distribution in the
    /// layer claims them (then a folder name is no project name).
    static func distribution(for group: Group, in context: LintContext) -> InstalledDistribution? {
        context.image.distribution(owning: group.files[0], in: group.layer)
            ?? context.image.distributions.first { $0.source == group.layer && $0.importNames.contains(group.package) }
    }

    /// How to repair a group: a clean reinstall of its distribution for the target, a
    /// rebuild for other native files (`lib/libpq.so.5`, `bin/tool`), which pip did not put there.
    static func fix(_ group: Group, context: LintContext) -> String {
        guard group.files[0].hasPrefix("python/") else {
            let python = context.target.runtime?.python?.version ?? "3.12"
            return "rebuild \(group.files[0]) for the function's platform, for example in the "
                + "public.ecr.aws/lambda/python:\(python) image, or get a build made for it"
        }
        guard let distribution = distribution(for: group, in: context) else {
            // No .dist-info claims the files: rebuild the layer's packages for the target.
            return "no distribution in the layer lists \(group.files[0]); rebuild the layer's packages for the "
                + "function: " + PipCommand.install(["-r", "requirements.txt"], target: "python", context: context)
        }
        return reinstall(distribution, context: context)
    }

    /// A clean reinstall of `distribution` (and the layer's copies of its dependencies, at
    /// the versions the layer has) for the target, into the same folder.
    static func reinstall(_ distribution: InstalledDistribution, context: LintContext) -> String {
        CleanReinstall.command([distribution], context: context)
    }

    /// Lambda's spelling of a wheel-tag or ELF machine name.
    static func architecture(_ name: String) -> String {
        switch name {
        case "aarch64", "arm64": return "arm64"
        case "x86_64", "amd64": return "x86_64"
        case "i686", "i386", "x86": return "i386"
        default: return name
        }
    }
}
