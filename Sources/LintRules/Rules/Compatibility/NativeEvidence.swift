import ImageModel
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
    /// Layer NUL package -> its group in `groups`, while the groups are gathered.
    private var groupIndex: [String: Int] = [:]

    /// How the compatibility rules weigh a file, for their explanations.
    static let weighing =
        " The severity follows what importing the layer's modules does on the target: an error for the files a module "
        + "needs when it is imported (the message names a module whose import fails), a warning where the package "
        + "falls back (a .py of the same name beside the file, or an import under a guard: it works, slower), and info "
        + "for files nothing imports or loads on Lambda (another platform's variant of a module, a library no "
        + "binary needs): dead weight."

    /// The evidence in the layers' binaries: `builtFor` says what a binary was built for when
    /// it is wrong for the function, or `nil` when it is fine.
    init(_ context: LintContext, builtFor: (NativeBinary) -> String?) {
        // Binaries in byte order of their paths, so that the groups, the order of what each
        // was built for and the file a finding names are the same whichever order the layer
        // lists them in (a ZIP's entry order, a folder's sorted listing).
        for (layer, opened) in context.readableLayers.enumerated() {
            let ordered = opened.binaries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            for binary in ordered {
                if let what = builtFor(binary) { add(layer: layer, binary: binary, builtFor: what) }
            }
        }
        for index in groups.indices {
            groups[index].owner = Self.distribution(for: groups[index], in: context)?.name
        }
        // One distribution, one finding: numpy's modules and its numpy.libs/ libraries.
        var merged: [Group] = []
        var byOwner: [String: Int] = [:]  // layer NUL owner -> its group in `merged`
        for group in groups {
            if let owner = group.owner, let index = byOwner["\(group.layer)\u{0}\(owner)"] {
                merged[index].files += group.files
                for part in group.builtFor.components(separatedBy: ", ")
                where !merged[index].builtFor.components(separatedBy: ", ").contains(part) {
                    merged[index].builtFor += ", " + part
                }
            } else {
                if let owner = group.owner { byOwner["\(group.layer)\u{0}\(owner)"] = merged.count }
                merged.append(group)
            }
        }
        // Merged groups' files in byte order too.
        for index in merged.indices {
            merged[index].files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        groups = merged
    }

    /// The findings of each group, at its first file, with the message the rule writes for
    /// it, weighed by what importing the layer's modules does (`NativeImpact`): an **error**
    /// for the files a module that runs on import needs (the message names a module whose
    /// import fails), a **warning** for those the package falls back from (a `.py` of the same
    /// name beside it, or an import under a guard: it works, slower), and **info** for those
    /// nothing imports or loads on Lambda (dead weight). Without the import model (no Python
    /// runtime), every file Lambda would load is an error.
    func findings(
        _ rule: RuleDescription, _ context: LintContext, fix: ((Group) -> String)? = nil,
        repairs: (Group) -> [Repair] = { _ in [] }, message: (Group) -> String
    ) -> [Finding] {
        // Weighing builds a view of the import model's failures: only when there is something to weigh.
        guard !groups.isEmpty else { return [] }
        let fix = fix ?? { Self.fix($0, context: context) }
        var loading: [Int: Loading] = [:]
        let impact = context.imports.map {
            NativeImpact($0, rebuilt: context.importsWithForeignBinariesRebuilt, context: context)
        }
        return groups.flatMap { group -> [Finding] in
            let view = loading[group.layer] ?? Loading(context.readableLayers[group.layer].binaries, context: context)
            loading[group.layer] = view
            var needed: [String] = []
            var firstFailure: (module: String, failure: Int?)?
            var fallback: [(file: String, how: String)] = []
            var unused: [(file: String, reason: String)] = []
            for file in group.files {
                if let reason = view.neverLoaded(file) {
                    unused.append((file, reason))
                    continue
                }
                guard let impact, file.hasPrefix("python/") else {
                    needed.append(file)
                    continue
                }
                switch impact.weight(of: file, archive: group.archive) {
                case .needed(let module, let failure):
                    needed.append(file)
                    if firstFailure == nil { firstFailure = (module, failure) }
                case .fallback(let how): fallback.append((file, how))
                case .unused(let reason): unused.append((file, reason))
                }
            }
            // In path order, so that a folder and the ZIP made from it (listed in other orders)
            // give the same findings.
            needed.sort()
            fallback.sort { $0.file < $1.file }
            unused.sort { $0.file < $1.file }
            var findings: [Finding] = []
            if !needed.isEmpty {
                var broken = group
                broken.files = needed
                let failing =
                    firstFailure.map { "; importing \($0.module) fails" + (impact?.place($0.failure) ?? "") } ?? ""
                findings.append(
                    Finding(
                        rule: rule, message: message(broken) + failing, archive: group.archive, path: needed[0],
                        fix: fix(broken), paths: needed, repairs: repairs(broken)))
            }
            if let first = fallback.first {
                var slower = group
                slower.files = fallback.map(\.file)
                let ways = Array(Set(fallback.map(\.how))).sorted()
                findings.append(
                    Finding(
                        rule: rule, severity: .warning,
                        message: message(slower) + ". It still works, slower: " + ways.prefix(3).joined(separator: "; ")
                            + (ways.count > 3 ? "; and \(ways.count - 3) more" : ""),
                        archive: group.archive, path: first.file,
                        fix: "for the compiled speed-ups: " + fix(slower),
                        paths: slower.files, repairs: repairs(slower)))
            }
            if let first = unused.first {
                var dead = group
                dead.files = unused.map(\.file)
                let pronoun = Self.pronoun(dead)
                let reasons = Array(Set(unused.map(\.reason))).sorted()
                findings.append(
                    Finding(
                        rule: rule, severity: .info,
                        message: message(dead) + ". Dead weight: nothing loads \(pronoun) on Lambda, as "
                            + reasons.joined(separator: "; and "),
                        archive: group.archive, path: first.file,
                        fix: "nothing to do: \(pronoun == "it" ? "it only takes" : "they only take") space",
                        paths: dead.files))
            }
            return findings
        }
    }

    /// What the target loads of one layer's binaries, indexed once per layer so that each
    /// offending file is judged without a pass over all of them.
    struct Loading {
        let byPath: [String: NativeBinary]
        /// `folder NUL module` → the path of a variant of that extension module the target loads.
        let loadableModules: [String: String]
        /// The binaries the target loads (for `DT_NEEDED`).
        let loadable: [NativeBinary]

        init(_ binaries: [NativeBinary], context: LintContext) {
            let ceiling = context.glibcCeiling
            var byPath: [String: NativeBinary] = [:]
            var modules: [String: String] = [:]
            var loadable: [NativeBinary] = []
            for binary in binaries {
                byPath[binary.path] = binary
                guard binary.isLoadable(on: context.target, glibcCeiling: ceiling) else { continue }
                loadable.append(binary)
                if let name = binary.taggedExtensionModule, modules[Self.key(binary.path, name.module)] == nil {
                    modules[Self.key(binary.path, name.module)] = binary.path
                }
            }
            self.byPath = byPath
            self.loadableModules = modules
            self.loadable = loadable
        }

        /// `python/fastmath NUL _core` for `python/fastmath/_core.cpython-311-x86_64-linux-gnu.so`.
        static func key(_ path: String, _ module: String) -> String {
            path.split(separator: "/").dropLast().joined(separator: "/") + "\u{0}" + module
        }

        /// Why Lambda never loads `file` (a binary of the layer that is wrong for the target),
        /// or `nil` when something would load it: an extension module with no variant the
        /// target's Python loads, anything where it is loaded by its place (`bin/`, `lib/`, a
        /// `.libs` folder, ...), a library that a binary the target loads needs (`DT_NEEDED`,
        /// read by the opening stage for such layers).
        func neverLoaded(_ file: String) -> String? {
            guard let binary = byPath[file], !binary.sitsWhereItIsLoaded else { return nil }
            if let name = binary.taggedExtensionModule {
                guard let variant = loadableModules[Self.key(file, name.module)], variant != file else { return nil }
                let variantName = variant.split(separator: "/").last.map(String.init) ?? variant
                return "Python imports \(name.module) from \(variantName) in the same folder"
            }
            if loadable.contains(where: { binary.isNeeded(by: $0) }) { return nil }
            return "a file without a CPython tag in its name is no extension module, no binary the function loads "
                + "needs it, and only bin/, lib/ and .libs folders hold the programs and libraries loaded by their place"
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
            guard context.image.sources[distribution.source].isLayer, let wheel = distribution.wheel,
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
        let key = "\(layer)\u{0}\(binary.package)"
        if let index = groupIndex[key] {
            groups[index].files.append(binary.path)
            if !groups[index].builtFor.contains(builtFor) { groups[index].builtFor += ", " + builtFor }
        } else {
            groupIndex[key] = groups.count
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
        var folders: [String] = []
        for file in group.files where !folders.contains(PackagePath.folder(of: file)) {
            folders.append(PackagePath.folder(of: file))
        }
        guard folders.count > 1 else { return "\(group.files.count) native files in \(folders[0]) are" }
        let of = group.owner.map { " of \($0)" } ?? ""
        return "\(group.files.count) native files\(of) in \(folders.joined(separator: " and ")) are"
    }

    /// ` (e.g. python/numpy/core/x.so)` for a group of several files, else nothing.
    static func example(_ group: Group) -> String {
        group.files.count == 1 ? "" : " (e.g. \(group.files[0]))"
    }

    /// The loader model's problems with `binary`'s closure, in the order met (none without
    /// the model).
    static func libraryProblems(of binary: NativeBinary, in context: LintContext) -> [LibraryLoading.Problem] {
        context.libraries?.problems(of: binary, in: context.image) ?? []
    }

    /// The binary a group's finding is at.
    static func firstBinary(of group: Group, in context: LintContext) -> NativeBinary? {
        context.readableLayers[group.layer].binaries.first { $0.path == group.files[0] }
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
            // No .dist-info claims the files: the project a dependent requires under the
            // package's name, else rebuild from the user's requirements.
            let folder = PackagePath.folder(of: group.files[0])
            let target = String(folder.dropLast(group.package.count + 2))
            if folder.hasSuffix("/" + group.package + "/"),
                let requirement = KnownProjects.requirement(
                    importing: group.package, source: group.layer, image: context.image)
            {
                return "rm -rf \(PipCommand.shellQuoted(String(folder.dropLast()))) && "
                    + PipCommand.install([requirement], target: target, context: context, keepingInstalled: true)
            }
            return "no distribution in the layer lists \(group.files[0]); rebuild the layer's packages for the "
                + "function from your requirements file: "
                + PipCommand.install(["-r", "requirements.txt"], target: "python", context: context)
        }
        return reinstall(distribution, context: context)
    }

    /// The repair of a group in python/: its distribution installed again for the target
    /// (the same version first), or, for a package no `.dist-info` claims, the project a
    /// dependent requires under its name. Native files elsewhere (`lib/`, `bin/`) were not
    /// put there by pip: they have no mechanical repair.
    static func reinstalling(_ group: Group, context: LintContext, installations: Installations) -> [Repair] {
        guard group.files[0].hasPrefix("python/") else { return [] }
        if let distribution = distribution(for: group, in: context) {
            return [.install([installations.replacing(distribution, pinned: true)])]
        }
        let folder = PackagePath.folder(of: group.files[0])
        guard folder.hasSuffix("/" + group.package + "/"),
            let requirement = KnownProjects.requirement(importing: group.package, source: group.layer, image: context.image),
            let installation = Installations.known(
                requirement, folder: String(folder.dropLast(group.package.count + 2)),
                replacing: [String(folder.dropLast())])
        else { return [] }
        return [.install([installation])]
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
