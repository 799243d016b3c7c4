import Foundation
import LambdaPlatform
import PythonPackaging
import PythonSource

/// `layerlint why MODULE`: the opening stage reads the inputs as for `check`, every rule
/// runs, and the import is resolved over the image; the findings about the files the
/// import reaches (or the near misses it does not) say why it fails.
public enum WhyRun {
    /// Rules whose finding on a file the import reaches makes the import fail: the file is
    /// an extension Python cannot load (C001-C005), cannot be read (P001, P002, Z001), is
    /// bytecode of another Python (L006), or its distribution lacks what it imports (D001)
    /// or is a version known to fail on the runtime (D009).
    static let failing: Set<String> = [
        "C001", "C002", "C003", "C004", "C005", "P001", "P002", "Z001", "L006", "D001", "D009",
    ]

    /// - Throws: `CheckError` when the command cannot run: an input or description file
    ///   that cannot be read, no Python runtime, a name that is not a module name.
    public static func report(
        module: String, options: CheckOptions,
        loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog = { () throws(RuntimeCatalogError) in
            try RuntimeCatalog.bundled()
        }
    ) throws(CheckError) -> WhyReport {
        guard ImportResolution.isModuleName(module) else { throw .notAModuleName(module) }
        var options = options
        // Lambda's default architecture, unless something given names one.
        let architectureDefaulted =
            options.architecture == nil && options.functionConfig == nil && options.template == nil
            && options.layerMetadata.isEmpty
        if architectureDefaulted { options.architecture = "x86_64" }
        var context = try LayerOpening.open(options, reading: Set(RuleNeed.allCases), loadingCatalog: loadingCatalog)
        guard let python = context.target.runtime?.python else { throw .whyNeedsPythonRuntime }
        // Read once here when the opening stage did not (no function package): why needs it.
        if context.standardLibraries == nil {
            do { context.standardLibraries = try StandardLibrary.bundled() } catch { throw .catalog(error) }
        }
        let findings = LintEngine.run(context).findings
        let image = context.image
        let folders = image.folders()
        let resolution = ImportResolution(
            module, in: context, python: python, folders: folders,
            pthFolders: pthFolders(context, python: python, folders: folders))
        var explaining = Explaining(
            module: module, context: context, findings: findings, python: python, folders: folders)
        explaining.explain(resolution)
        let steps = resolution.steps.map {
            WhyReport.Step(
                module: $0.module, folder: $0.folder, source: $0.source, found: $0.found.rawValue, archive: $0.archive,
                entry: $0.entry, addedBy: $0.addedBy)
        }
        var resolved: (archive: String, entry: String)?
        var resolvedAs: String?
        switch resolution.outcome {
        case .file(let source, let member, _): resolved = (image.sources[source].path, member)
        case .namespace: resolvedAs = "namespace-package"
        case .runtime(let found): resolvedAs = found.rawValue
        case .notFound, .notAPackage: break
        }
        return WhyReport(
            module: module, target: context.target, architectureDefaulted: architectureDefaulted,
            importable: explaining.importable, searched: steps, resolved: resolved, resolvedAs: resolvedAs,
            reasons: explaining.reasons)
    }
}

extension WhyRun {
    /// The folders the layers' `.pth` files add to `sys.path` at start-up: each path line of
    /// a `.pth` file directly in a site folder the target searches (`/opt/python`, and its
    /// `lib/pythonX.Y/site-packages`), relative to that folder, when the folder exists; in
    /// sys.path order of the site folders and name order of the files, as `site` reads them.
    /// `import` lines run code and add nothing here.
    static func pthFolders(_ context: LintContext, python: RuntimeCatalog.PythonRuntime, folders: Set<String>)
        -> [(folder: String, file: String)]
    {
        let image = context.image
        var files: [(site: String, member: String, text: String)] = []
        for (layer, contents) in context.contents.enumerated() where layer < image.sources.count {
            let archive = image.sources[layer].archive
            for (index, text) in contents.pthFiles {
                guard let text else { continue }
                let member = archive.entries[index].name
                let absolute = "/opt/" + member
                // The file on disk is the last layer's: an earlier layer's copy was replaced.
                guard image.origin(of: absolute)?.source == layer,
                    let slash = absolute.lastIndex(of: "/")
                else { continue }
                let site = String(absolute[..<slash])
                guard python.sysPath.contains(site) else { continue }
                files.append((site, member, text))
            }
        }
        files.sort { lhs, rhs in
            let left = python.sysPath.firstIndex(of: lhs.site) ?? 0
            let right = python.sysPath.firstIndex(of: rhs.site) ?? 0
            return (left, lhs.member) < (right, rhs.member)
        }
        var added: [(folder: String, file: String)] = []
        for file in files {
            for line in file.text.split(whereSeparator: \.isNewline) {
                let path = line.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty, !path.hasPrefix("#"), !path.hasPrefix("import ") && !path.hasPrefix("import\t")
                else { continue }
                var folder = path.hasPrefix("/") ? path : file.site + "/" + path
                while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
                folder = folder.replacingOccurrences(of: "/./", with: "/")
                guard folders.contains(folder), !python.sysPath.contains(folder),
                    !added.contains(where: { $0.folder == folder })
                else { continue }
                added.append((folder, file.member))
            }
        }
        return added
    }
}

/// Turns a resolution and the findings of the check into the report's verdict and reasons.
private struct Explaining {
    let module: String
    let context: LintContext
    let findings: [Finding]
    let python: RuntimeCatalog.PythonRuntime
    let folders: Set<String>
    /// Whether this explains a module that another one imports: only what makes it fail counts.
    var isFollowed = false
    var importable = false
    var reasons: [WhyReport.Reason] = []
    /// Findings already given as the failure of an import the module makes.
    var explainedByImports = Set<Finding>()

    init(
        module: String, context: LintContext, findings: [Finding], python: RuntimeCatalog.PythonRuntime,
        folders: Set<String>
    ) {
        self.module = module
        self.context = context
        self.findings = findings
        self.python = python
        self.folders = folders
    }

    var image: LayerImage { context.image }
    var standardLibrary: StandardLibrary.Python? { context.standardLibrary }
    var top: String { String(module.prefix { $0 != "." }) }

    mutating func explain(_ resolution: ImportResolution) {
        switch resolution.outcome {
        case .runtime(let found):
            importable = true
            if module.contains(".") && found != .builtin {
                let place = found == .standardLibrary ? "the standard library" : "the runtime's packages"
                reasons.append(
                    WhyReport.Reason(
                        rule: nil, severity: .info,
                        message: "only top-level names of \(place) are known (the catalog lists no submodules): "
                            + "\(module) is taken to exist because \(top) does",
                        fix: nil))
            }
            if found == .runtimePackage {
                reasons.append(
                    WhyReport.Reason(
                        rule: nil, severity: .info,
                        message: "\(top) comes from the runtime's own copy in \(python.runtimePackagesPath), which AWS "
                            + "updates without notice",
                        fix: "for a fixed version, install it into a layer: "
                            + PipCommand.install(
                                [KnownProjects.project(importing: top) ?? top], target: "python", context: context)))
            }
        case .namespace(let folders):
            importable = true
            reasons.append(
                WhyReport.Reason(
                    rule: nil, severity: .info,
                    message: "\(module) is a namespace package (PEP 420) made of \(folders.joined(separator: ", ")): "
                        + "no folder has an __init__.py, so nothing runs at its import",
                    fix: nil))
            if let top = resolution.topLevel { explainDistribution(folder: top.folder, source: top.source) }
        case .file(let source, let member, let found):
            explainFile(source: source, member: member, found: found, resolution: resolution)
        case .notAPackage(let part, let source, let member):
            reasons.append(
                WhyReport.Reason(
                    rule: "F002", severity: .error,
                    message: "No module named '\(module)': \(part) is the module \(member) in "
                        + "\(image.sources[source].path), not a package, so Python looks for nothing inside it "
                        + "(unless the module adds to sys.modules itself, as six does for six.moves)",
                    fix: nil))
        case .notFound(let part):
            let searched = resolution.steps.filter { $0.module == part }.map(\.folder)
            explainMissing(part, searched: searched, topLevel: part == top)
            if part != top, !reasons.contains(where: { $0.severity == .error }), let top = resolution.topLevel {
                explainDistribution(folder: top.folder, source: top.source, only: ["D005"], failing: true)
            }
            if !reasons.contains(where: { $0.severity == .error }) {
                let parent = String(part[..<(part.lastIndex(of: ".") ?? part.startIndex)])
                let last = part.split(separator: ".").last.map(String.init) ?? part
                reasons.append(
                    WhyReport.Reason(
                        rule: "F002", severity: .error,
                        message: "No module named '\(part)': \(parent) is found, but it has no \(last) that Python "
                            + "\(python.version) imports",
                        fix: nil))
            }
        }
    }

    /// A file of the image is found: it fails when a failing rule covers it, or when its
    /// distribution lacks a requirement; broken submodules of a package are warnings.
    mutating func explainFile(
        source: Int, member: String, found: ImportResolution.Step.Found, resolution: ImportResolution
    ) {
        importable = true
        let archive = image.sources[source].path
        // What is wrong with the file itself; its distribution's findings come below.
        for finding in findings
        where finding.archive == archive && !finding.rule.hasPrefix("D") && covers(finding, member) {
            let fails = WhyRun.failing.contains(finding.rule)
            add(finding, fails: fails)
        }
        guard !isFollowed else { return }
        // Only source is read: a package's __init__ may be bytecode or an extension.
        if importable && (found == .package || found == .module) && member.hasSuffix(".py") {
            followImports(from: source, member: member, isPackage: found == .package)
        }
        if found == .package, let slash = member.lastIndex(of: "/") {
            let folder = String(member[...slash])
            for finding in findings
            where finding.archive == archive && finding.rule.hasPrefix("C") && !covers(finding, member)
                && members(of: finding).contains(where: { $0.hasPrefix(folder) })
                && !explainedByImports.contains(finding)
            {
                add(
                    finding, fails: false,
                    prefix: "\(top) itself is found, but a compiled submodule fails to load when it is imported: ")
            }
        }
        if let top = resolution.topLevel { explainDistribution(folder: top.folder, source: top.source) }
        if standardLibrary?.contains(top) == true {
            reasons.append(
                WhyReport.Reason(
                    rule: nil, severity: .warning,
                    message: "\(member) in \(archive) has the name of a standard-library module: Python imports this "
                        + "copy instead of the standard library's (unless the runtime imported \(top) before the "
                        + "function's code)",
                    fix: "remove it from \(archive) unless the function needs this copy (old backports such as "
                        + "enum34 or typing break Python 3)"))
        }
    }

    /// Follows what the module runs when it is imported: its module-level imports of its
    /// own package (relative, or under the same top-level name), each resolved and explained
    /// in turn, and the top-level names it imports from elsewhere, which must be found. The
    /// first that fails makes this import fail (`import numpy` fails where
    /// numpy/__init__.py imports a submodule built for another CPU). At most 64 modules.
    mutating func followImports(from source: Int, member: String, isPackage: Bool) {
        let version = python.version.split(separator: ".").compactMap { Int($0) }
        var queue: [(name: String, source: Int, member: String, isPackage: Bool)] = [
            (module, source, member, isPackage)
        ]
        var seen: Set<String> = [module]
        while !queue.isEmpty, seen.count <= Limits.followedModules {
            let current = queue.removeFirst()
            let root = image.sources[current.source].root
            guard let origin = image.origin(of: root + current.member),
                let text = LayerOpening.sourceText(of: origin, in: image)
            else { continue }
            let scan = ModuleScan(source: text, pythonVersion: version)
            let archive = image.sources[current.source].path
            if let error = scan.syntaxError {
                reasons.append(
                    WhyReport.Reason(
                        rule: nil, severity: .error,
                        message: "\(current.member) in \(archive) does not compile for Python \(python.version): line "
                            + "\(error.line): \(error.message)",
                        fix: nil))
                importable = false
                return
            }
            for item in scan.imports where item.place == .moduleLevel {
                // `from . import x`: x may be a name of the package, not a module.
                guard case .module(let target) = item.target(from: current.name, isPackage: current.isPackage),
                    item.level == 0 || !item.module.isEmpty, seen.insert(target).inserted
                else { continue }
                let isOwn = target.split(separator: ".").first.map(String.init) == top
                if !isOwn {
                    // Another top-level name: it must be found; a missing requirement is D001's already.
                    let outer = String(target.prefix { $0 != "." })
                    guard !reasons.contains(where: { $0.rule == "D001" }) else { continue }
                    let resolution = ImportResolution(outer, in: context, python: python, folders: folders)
                    if case .notFound = resolution.outcome {
                        reasons.append(
                            WhyReport.Reason(
                                rule: "F002", severity: .error,
                                message: "\(current.member) in \(archive) imports \(outer) (line \(item.line)), which "
                                    + "nothing on the sys.path provides",
                                fix: KnownProjects.project(importing: outer).map {
                                    "install it into the layer: "
                                        + PipCommand.install([$0], target: "python", context: context)
                                }))
                        importable = false
                        return
                    }
                    continue
                }
                let resolution = ImportResolution(target, in: context, python: python, folders: folders)
                var nested = Explaining(
                    module: target, context: context, findings: findings, python: python, folders: folders)
                nested.isFollowed = true
                nested.explain(resolution)
                if !nested.importable {
                    let prefix = "\(current.member) in \(archive) imports \(target) (line \(item.line)), which fails: "
                    for reason in nested.reasons where reason.severity == .error {
                        reasons.append(
                            WhyReport.Reason(
                                rule: reason.rule, severity: .error, message: prefix + reason.message, fix: reason.fix))
                    }
                    explainedByImports.formUnion(nested.explainedFindings)
                    importable = false
                    return
                }
                if case .file(let nextSource, let nextMember, let found) = resolution.outcome,
                    found == .package || found == .module, nextMember.hasSuffix(".py")
                {
                    queue.append((target, nextSource, nextMember, found == .package))
                }
            }
        }
    }

    /// The findings about the distribution that installs the top-level name found in
    /// `folder` of `source`: D001 and D009 make the import fail, the others are notes.
    ///
    /// - Returns: whether one of `only` (all rules when empty) was found.
    @discardableResult
    mutating func explainDistribution(folder: String, source: Int, only: Set<String> = [], failing: Bool = false)
        -> Bool
    {
        guard
            let distribution = image.distributions.first(where: {
                $0.source == source && $0.searchFolder == folder && $0.importNames.contains(top)
            })
        else { return false }
        let archive = image.sources[source].path
        let metadataFolder = image.memberPath(distribution.folder, in: source) + "/"
        var any = false
        for finding in findings
        where finding.archive == archive && finding.rule.hasPrefix("D")
            && members(of: finding).contains(where: { $0.hasPrefix(metadataFolder) })
            && (only.isEmpty || only.contains(finding.rule))
        {
            add(finding, fails: failing || WhyRun.failing.contains(finding.rule))
            any = true
        }
        return any
    }

    /// Nothing on the path: the near misses, the distributions that require it, a module
    /// the standard library dropped, or nothing at all. For a submodule (`topLevel` false),
    /// only the near misses in its package's folders.
    mutating func explainMissing(_ part: String, searched: [String], topLevel: Bool) {
        let name = part.split(separator: ".").last.map(String.init) ?? part
        let searchPath = searched.filter { $0.hasPrefix("/opt/") || $0.hasPrefix("/var/task") }
        for miss in NearMiss.find(name, in: image, searchPath: searchPath, topLevel: topLevel) {
            let archive = image.sources[miss.source].path
            let covering = findings.first { $0.archive == archive && covers($0, miss.member) }
            if let covering {
                add(
                    covering, fails: true,
                    prefix: "\(part) is at \(miss.member) in \(archive), where Python does not find it: ")
            } else {
                let place = miss.folder.isEmpty ? "the root" : miss.folder + "/"
                reasons.append(
                    WhyReport.Reason(
                        rule: nil, severity: .error,
                        message:
                            "\(part) is at \(miss.member) in \(archive), under \(place), which is not on the sys.path "
                            + "of \(context.target.runtime?.identifier ?? "the runtime")",
                        fix: nil))
            }
        }
        guard topLevel else { return }
        // A distribution that requires the project: its D001 finding says what to install.
        if let resolution = context.dependencies {
            let wanted = Set(
                [PackageName.normalize(top)]
                    + (KnownProjects.project(importing: top).map { [PackageName.normalize($0)] } ?? []))
            var seen = Set<String>()
            for edge in resolution.edges where wanted.contains(edge.requirement.normalizedName) {
                guard case .missing = edge.outcome, seen.insert(edge.dependent.folder).inserted else { continue }
                let archive = image.sources[edge.dependent.source].path
                if let finding = findings.first(where: {
                    $0.rule == "D001" && $0.archive == archive && $0.path == edge.dependent.metadataPath
                }) {
                    add(finding, fails: true)
                }
            }
        }
        if reasons.contains(where: { $0.severity == .error }) { return }
        if let last = context.standardLibraries?.lastVersion(having: top, before: python.version) {
            reasons.append(
                WhyReport.Reason(
                    rule: "F002", severity: .error,
                    message: "No module named '\(top)': the standard library of Python \(python.version) no longer has "
                        + "it (Python \(last)'s had it)",
                    fix: RemovedModules.replacement(for: top)))
            return
        }
        let project = KnownProjects.project(importing: top)
        reasons.append(
            WhyReport.Reason(
                rule: "F002", severity: .error,
                message: "No module named '\(top)': nothing on the sys.path of "
                    + "\(context.target.runtime?.identifier ?? "the runtime") provides it"
                    + (image.sources.isEmpty ? " (no layer and no function package given)" : ""),
                fix: project.map {
                    "install it into a layer (from the folder the layer is zipped from): "
                        + PipCommand.install([$0], target: "python", context: context)
                }
                    ?? "find the project that provides it where the import works "
                    + "(\(KnownProjects.lookupCommand(importing: top))) and install that project into a layer's "
                    + "python/ folder"))
    }

    /// The findings given as reasons.
    private(set) var explainedFindings = Set<Finding>()

    private mutating func add(_ finding: Finding, fails: Bool, prefix: String = "") {
        explainedFindings.insert(finding)
        let severity: Severity = fails ? .error : min(finding.severity, .warning)
        let reason = WhyReport.Reason(
            rule: finding.rule, severity: severity, message: prefix + finding.message, fix: finding.fix)
        if !reasons.contains(reason) { reasons.append(reason) }
        if fails { importable = false }
    }

    private func members(of finding: Finding) -> [String] {
        finding.paths.isEmpty ? (finding.path.map { [$0] } ?? []) : finding.paths
    }

    /// Whether a finding is about `member`: it names it, or a folder holding it.
    private func covers(_ finding: Finding, _ member: String) -> Bool {
        members(of: finding).contains { $0 == member || ($0.hasSuffix("/") && member.hasPrefix($0)) }
    }
}
