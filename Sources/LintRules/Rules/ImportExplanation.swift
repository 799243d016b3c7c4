import ImageModel
import LambdaPlatform
import PythonPackaging

/// Says why an import fails, from the import model's chain, in terms of the rule that
/// explains the cause: a foreign binary (C001-C005), a missing requirement (D001), a package
/// copied without metadata (D004), a file missing from its RECORD (D005), a layout mistake
/// (L001-L003, Z003), unreadable files (P001), foreign bytecode (L006), or an import that
/// nothing provides (F002). `why`, and the rules that weigh a finding by whether an import
/// fails, ask it; the findings of the check give the fixes.
package struct ImportExplanation {
    let context: LintContext
    package let model: ImportModel
    package let findings: [Finding]

    package init(context: LintContext, model: ImportModel, findings: [Finding]) {
        self.context = context
        self.model = model
        self.findings = findings
    }

    /// One reason: the rule, the sentence and the fix.
    package struct Reason: Equatable {
        package let rule: RuleDescription?
        package let message: String
        package let fix: String?
        /// The check's finding the reason stands on, when one does.
        package var finding: Finding? = nil

        package static func == (lhs: Reason, rhs: Reason) -> Bool {
            lhs.rule?.id == rhs.rule?.id && lhs.message == rhs.message && lhs.fix == rhs.fix
        }
    }

    var image: LayerImage { context.image }
    var python: RuntimeCatalog.PythonRuntime? { context.python }
    var runtime: String { context.target.runtime?.identifier ?? "the runtime" }

    /// Why `failure` happens: the chain of statements, then its cause.
    package func reason(_ failure: Int) -> Reason {
        let (links, cause) = model.chain(of: failure)
        var base = cause.map(explain) ?? Reason(rule: nil, message: "the import fails", fix: nil)
        // A package copied without its metadata that imports what nothing provides: D004
        // says what was copied and how to install it instead.
        if case .notFound(let module, let foreign)? = cause, foreign.isEmpty,
            base.rule?.id == UnresolvedImportRule.description.id, let importer = links.last,
            let finding = metadataFinding(for: importer, missing: module)
        {
            base = Reason(
                rule: MissingMetadataRule.description, message: "No module named '\(module)': " + finding.message,
                fix: finding.fix, finding: finding)
        }
        guard !links.isEmpty else { return base }
        return Reason(rule: base.rule, message: chain(links) + ": " + base.message, fix: base.fix, finding: base.finding)
    }

    /// `python/requests/__init__.py line 43 (from . import packages, utils) → python/requests/packages.py line 7 (…)`.
    func chain(_ links: [ImportModel.Link]) -> String {
        let shown = links.count > 6 ? Array(links.prefix(3)) + Array(links.suffix(3)) : links
        var parts = shown.map { link -> String in
            let file = link.file.map { "\($0.member)" } ?? link.module
            // A compiled module's imports are those it makes when it loads (import-hooks.json).
            if let member = link.file?.member, member.hasSuffix(".so") || member.hasSuffix(".pyd") {
                return "\(file) (when it loads: \(link.statement))"
            }
            return "\(file) line \(link.line) (\(link.statement))"
        }
        if links.count > 6 { parts.insert("…", at: 3) }
        return parts.joined(separator: " → ")
    }

    func explain(_ cause: ImportModel.Cause) -> Reason {
        switch cause {
        case .notFound(let module, let foreign):
            if let file = foreign.first {
                let (rule, builtFor) = foreignRule(file)
                return withFinding(
                    covering: file, rule: rule,
                    message: "No module named '\(module)': the only \(lastPart(module)) there is \(file.member) in "
                        + "\(archive(file)), built for \(builtFor), which CPython \(python?.version ?? "") does not "
                        + "import")
            }
            return missing(module)
        case .notAPackage(let module, let parent):
            let parentName = String(module[..<(module.lastIndex(of: ".") ?? module.startIndex)])
            return Reason(
                rule: UnresolvedImportRule.description,
                message: "No module named '\(module)': \(parentName) is the module \(parent.member) in \(archive(parent)), "
                    + "not a package, so Python looks for nothing inside it",
                fix: nil)
        case .unloadable(let module, let file, .library(let problem)):
            return libraryReason(module: module, file: file, problem: problem)
        case .unloadable(let module, let file, let mismatch):
            let (rule, builtFor) = rule(for: mismatch)
            return withFinding(
                covering: file, rule: rule,
                message: "\(module) is \(file.member) in \(archive(file)), built for \(builtFor): it does not load "
                    + "on \(runtime) (ImportError)")
        case .cannotImportName(let name, let module, let namespace, let foreign):
            let location = namespace ? " (unknown location)" : ""
            let head = "cannot import name '\(name)' from '\(module)'\(location)"
            if let file = foreign.first {
                let (rule, builtFor) = foreignRule(file)
                let why =
                    namespace
                    ? "\(module) is a folder without __init__ once its compiled module \(file.member) (built for "
                        + "\(builtFor)) is passed over" : "its compiled \(name) is \(file.member), built for \(builtFor)"
                return withFinding(covering: file, rule: rule, message: "\(head): \(why)")
            }
            return Reason(
                rule: UnresolvedImportRule.description,
                message: "\(head): " + (namespace ? "\(module) is a namespace package, which has no names" : "\(module) has no \(name)"),
                fix: nil)
        case .syntaxError(_, let file, let line, let message):
            return Reason(
                rule: nil,
                message: "\(file.member) in \(archive(file)) does not compile for Python \(python?.version ?? ""): "
                    + "line \(line): \(message)",
                fix: nil)
        case .unreadable(_, let file):
            return withFinding(
                covering: file, rule: UnreadableFileRule.description,
                message: "\(file.member) in \(archive(file)) cannot be read by the function's user (PermissionError)")
        case .foreignBytecode(_, let file, let version):
            return withFinding(
                covering: file, rule: ForeignBytecodeRule.description,
                message: "\(file.member) in \(archive(file)) is bytecode of Python \(version) with no source: "
                    + "ImportError: bad magic number")
        case .libraryNotLoaded(let module, let file, let library, let how):
            return withFinding(
                covering: file, rule: SharedLibraryMissingRule.description,
                message: "\(module) (\(file.member) in \(archive(file))) opens \(library) by name when it is imported "
                    + "(\(how)), and Lambda's loader does not find it: OSError")
        case .raised(_, let file, let line):
            let message = "\(file.member) in \(archive(file)) raises an exception at line \(line) when it is imported"
            // A package whose own compiled modules do not load often says so this way (PyYAML's
            // `_yaml` shim raises "No module named '_yaml'"; pyzmq's _zmq.py, run when the
            // compiled _zmq is passed over, raises ImportError): its compatibility finding is why.
            let distribution = image.distribution(owning: file.member, in: file.source)?.folder
            let twin = file.member.utf8HasSuffix(".py") ? String(file.member.dropLast(3)) + "." : nil
            if let finding = findings.first(where: { finding in
                finding.family == .compatibility && finding.archive == archive(file)
                    && finding.members.contains { member in
                        twin.map { member.hasPrefix($0) } ?? false
                            || (distribution != nil && image.distribution(owning: member, in: file.source)?.folder == distribution)
                    }
            }) {
                return Reason(
                    rule: RuleRegistry.description(for: finding.rule),
                    message: message + "; " + finding.message, fix: finding.fix, finding: finding)
            }
            return Reason(rule: nil, message: message, fix: nil)
        case .relativeImport(_, let file, let line, let beyondTop):
            return Reason(
                rule: UnresolvedImportRule.description,
                message: "\(file.member) line \(line): "
                    + (beyondTop
                        ? "attempted relative import beyond top-level package"
                        : "attempted relative import with no known parent package"),
                fix: nil)
        }
    }

    /// Nothing on the path provides `module`: a distribution that requires it (D001), a copy
    /// where Python does not look (layout rules), a file its distribution's RECORD lists
    /// (D005), a package copied without metadata (D004), a module the standard library
    /// dropped, or nothing at all (F002).
    func missing(_ module: String) -> Reason {
        let top = String(module.prefix { $0 != "." })
        let isTop = top == module
        // A distribution that requires the project: its D001 finding says what to install.
        if isTop, let finding = requirementFinding(importing: top) {
            return Reason(
                rule: MissingDependencyRule.description, message: "No module named '\(module)': " + finding.message,
                fix: finding.fix, finding: finding)
        }
        // A copy where Python does not look.
        if isTop {
            let searchPath = python?.sysPath.filter { $0.hasPrefix("/opt/") || $0.hasPrefix("/var/task") } ?? []
            for miss in NearMiss.find(top, in: image, searchPath: searchPath) {
                let place = image.sources[miss.source]
                if let finding = findings.first(where: { $0.archive == place.path && covers($0, miss.member) }) {
                    return Reason(
                        rule: RuleRegistry.description(for: finding.rule),
                        message: "No module named '\(module)': it is at \(miss.member) in \(place.path), where Python "
                            + "does not find it: " + finding.message,
                        fix: finding.fix, finding: finding)
                }
                return Reason(
                    rule: nil,
                    message: "No module named '\(module)': it is at \(miss.member) in \(place.path), under "
                        + "\(miss.folder.isEmpty ? "the root" : miss.folder + "/"), which is not on the sys.path of "
                        + runtime,
                    fix: nil)
            }
        }
        if !isTop, let finding = incompleteDistributionFinding(importing: top) {
            return Reason(
                rule: IncompleteDistributionRule.description,
                message: "No module named '\(module)': " + finding.message, fix: finding.fix, finding: finding)
        }
        if isTop, let python, let last = context.standardLibraries?.lastVersion(having: top, before: python.version) {
            return Reason(
                rule: UnresolvedImportRule.description,
                message: "No module named '\(top)': the standard library of Python \(python.version) no longer has "
                    + "it (Python \(last)'s had it)",
                fix: RemovedModules.replacement(for: top))
        }
        let parentName = String(module[..<(module.lastIndex(of: ".") ?? module.startIndex)])
        if !isTop, let parent = model.module(parentName), parent.spec != .notFound {
            return Reason(
                rule: UnresolvedImportRule.description,
                message: "No module named '\(module)': \(parentName) is found, but it has no \(lastPart(module)) that "
                    + "Python \(python?.version ?? "") imports",
                fix: nil)
        }
        let project = KnownProjects.project(importing: top)
        return Reason(
            rule: UnresolvedImportRule.description,
            message: "No module named '\(top)': nothing on the sys.path of \(runtime) provides it"
                + (!image.sources.isEmpty
                    ? ""
                    : context.layers.isEmpty && context.functionPackage == nil
                        ? " (no layer and no function package given)" : " (no readable layer)"),
            fix: project.map {
                "install it into a layer (from the folder the layer is zipped from): "
                    + PipCommand.install([$0], target: "python", context: context)
            }
                ?? "find the project that provides it where the import works "
                + "(\(KnownProjects.lookupCommand(importing: top))) and install that project into a layer's "
                + "python/ folder")
    }

    /// The D005 finding of the distribution that provides `top`, when its RECORD lists files
    /// the layer lacks.
    func incompleteDistributionFinding(importing top: String) -> Finding? {
        guard let distribution = image.distributions.first(where: { $0.importNames.contains(top) }) else { return nil }
        let folder = image.memberPath(distribution.folder, in: distribution.source)
        let archive = image.sources[distribution.source].path
        return findings.first { finding in
            finding.rule == IncompleteDistributionRule.description.id && finding.archive == archive
                && finding.members.contains { $0.hasPrefix(folder) }
        }
    }

    /// The D004 finding of the package the importing statement is in, when no metadata
    /// describes it and what it imports is another project's.
    func metadataFinding(for importer: ImportModel.Link, missing module: String) -> Finding? {
        guard let file = importer.file, image.sources[file.source].isLayer else { return nil }
        let top = String(importer.module.prefix { $0 != "." })
        guard top != String(module.prefix { $0 != "." }),
            let name = image.undescribedImportNames.first(where: { $0.name == top && $0.source == file.source })
        else { return nil }
        return findings.first {
            $0.rule == MissingMetadataRule.description.id && $0.archive == image.sources[file.source].path
                && $0.path == name.path
        }
    }

    /// The D001 finding of a distribution whose missing requirement `top` would provide.
    func requirementFinding(importing top: String) -> Finding? {
        guard let resolution = context.dependencies else { return nil }
        let wanted = Set(
            [PackageName.normalize(top)] + (KnownProjects.project(importing: top).map { [PackageName.normalize($0)] } ?? []))
        for edge in resolution.edges where wanted.contains(edge.requirement.normalizedName) {
            guard case .missing = edge.outcome else { continue }
            let archive = image.sources[edge.dependent.source].path
            if let finding = findings.first(where: {
                $0.rule == MissingDependencyRule.description.id && $0.archive == archive
                    && $0.path == edge.dependent.metadataPath
            }) {
                return finding
            }
        }
        return nil
    }

    /// The reason with the fix (and the rule) of the check's finding about `file`, when one covers it.
    func withFinding(covering file: ImportModel.FileRef, rule: RuleDescription, message: String) -> Reason {
        let archive = image.sources[file.source].path
        let finding = findings.first { $0.archive == archive && $0.rule == rule.id && covers($0, file.member) }
            ?? findings.first { $0.archive == archive && $0.family == .compatibility && covers($0, file.member) }
        return Reason(
            rule: finding.flatMap { RuleRegistry.description(for: $0.rule) } ?? rule, message: message,
            fix: finding?.fix, finding: finding)
    }

    /// The rule and phrase for a compiled file the target passes over or cannot load.
    func foreignRule(_ file: ImportModel.FileRef) -> (RuleDescription, String) {
        if let binary = model.binaries[file], let mismatch = model.mismatch(of: binary) { return rule(for: mismatch) }
        let name = file.member.split(separator: "/").last.map(String.init) ?? file.member
        guard let tag = ExtensionModuleName(fileName: name) else {
            return (UnresolvedImportRule.description, "another platform")
        }
        switch tag.platform {
        case .macOS: return (ForeignOSBinaryRule.description, "macOS")
        case .windows: return (ForeignOSBinaryRule.description, "Windows")
        case .linux(let architecture, let libc):
            if libc != "gnu" { return (MuslBinaryRule.description, "musl") }
            if NativeEvidence.architecture(architecture) != (context.target.architecture ?? .x86_64).rawValue {
                return (ArchitectureMismatchRule.description, architecture)
            }
        case .unspecified: break
        }
        if tag.isPyPy { return (PythonABIMismatchRule.description, "PyPy") }
        if let version = tag.pythonVersion {
            return (PythonABIMismatchRule.description, "CPython \(version)\(tag.isFreeThreaded ? " (free-threaded)" : "")")
        }
        return (UnresolvedImportRule.description, "another platform")
    }

    /// A compiled module that does not load because of a library it needs, or a version of one.
    func libraryReason(module: String, file: ImportModel.FileRef, problem: LibraryLoading.Problem) -> Reason {
        let (rule, _) = rule(for: .library(problem))
        let through = problem.neededBy == file ? "" : " (through \(problem.neededBy.member))"
        let what: String
        switch problem {
        case .missing(let library, _, _):
            what = "needs \(library)\(through), which Lambda's loader does not find"
        case .versionMissing(let library, let version, _, _):
            what = "needs \(version) of \(library)\(through), which the system's copy does not define"
        }
        return withFinding(
            covering: file, rule: rule,
            message: "\(module) is \(file.member) in \(archive(file)), which \(what): it does not load on "
                + "\(runtime) (ImportError)")
    }

    func rule(for mismatch: ImportModel.NativeMismatch) -> (RuleDescription, String) {
        switch mismatch {
        case .architecture(let name): return (ArchitectureMismatchRule.description, name)
        case .operatingSystem(let name): return (ForeignOSBinaryRule.description, name)
        case .python(let name): return (PythonABIMismatchRule.description, name)
        case .glibc(let version): return (GlibcTooNewRule.description, "glibc \(version)")
        case .musl: return (MuslBinaryRule.description, "musl")
        case .library(let problem):
            switch problem {
            case .missing(let library, _, _): return (SharedLibraryMissingRule.description, "\(library) not found")
            case .versionMissing(let library, let version, _, _):
                let rule = LibraryLoading.isCxxRuntime(library) ? CxxRuntimeTooNewRule.description
                    : SharedLibraryMissingRule.description
                return (rule, "\(version) of \(library)")
            }
        }
    }

    func archive(_ file: ImportModel.FileRef) -> String { image.sources[file.source].path }

    func lastPart(_ module: String) -> String { module.split(separator: ".").last.map(String.init) ?? module }

    /// Whether a finding is about `member`: it names it, or a folder holding it.
    func covers(_ finding: Finding, _ member: String) -> Bool {
        finding.members.contains { $0 == member || ($0.hasSuffix("/") && member.hasPrefix($0)) }
    }
}
