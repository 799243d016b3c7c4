import ImageModel
import LambdaPlatform
import PythonPackaging
import PythonSource

/// F002: an import in the function's own code that nothing on the target's sys.path provides.
struct UnresolvedImportRule: Rule {
    static let description = RuleDescription(
        id: "F002", name: "unresolved-import", family: .function, defaultSeverity: .error,
        summary: "An import in the function's own code that no layer, the function package, the runtime's packages "
            + "or the standard library of the runtime's Python provides.",
        rationale: "The function's code is read with a Python tokenizer (strings, comments and continuations cannot "
            + "fool it), from the handler's module through the package's own imports. A module-level import that "
            + "nothing provides fails at init with Runtime.ImportModuleError: the layer was not attached, the "
            + "package was not installed, or the module left the standard library (distutils, imp and asyncore in "
            + "3.12). Imports guarded by except ImportError, under if TYPE_CHECKING, in a sys.version_info branch "
            + "that is false for the runtime, and of __future__ are not checked; imports inside functions are "
            + "warnings, as they fail only when the function runs. A relative import in a top-level module fails: "
            + "it has no parent package.",
        fix: "attach the layer that provides the module, or install its project into the layer or the function "
            + "package (pip install --target . PROJECT in the folder the function is zipped from)",
        fires: "lambda_function.py does import yaml and no layer has PyYAML; import asyncore on python3.12; from . "
            + "import utils in lambda_function.py",
        passes: "import boto3 (the runtime has it), import json, try: import ujson except ImportError: import json",
        needs: [.runtime, .functionSources, .importModel],
        examples: [
            .fires(
                "the handler's module imports yaml and no layer has PyYAML",
                [.members([.file("python/six.py")])],
                function: [
                    .file("lambda_function.py", "import yaml\n\ndef lambda_handler(event, context):\n    return 1\n")
                ],
                handler: "lambda_function.lambda_handler", findings: ["error lambda_function.py"]),
            .passes(
                "imports the runtime has (boto3, json) and a guarded one with a fallback",
                [.members([.file("python/six.py")])],
                function: [
                    .file(
                        "lambda_function.py",
                        "import json\nimport boto3\ntry:\n    import ujson\nexcept ImportError:\n    ujson = json\n\n"
                            + "def lambda_handler(event, context):\n    return 1\n")
                ],
                handler: "lambda_function.lambda_handler"),
        ])

    init() {}

    /// One import that fails: where, and what it names.
    private struct Miss {
        let path: String
        let line: Int
        let module: String
        /// Whether it fails the import of the handler's module (else it fails only when a
        /// function runs, or under `condition`).
        let atImport: Bool
        /// The condition under which a module-level import runs, when it is not known.
        let condition: String?
        /// Why, when it is not "nothing provides it": no parent package, or beyond the top.
        let relative: ModuleScan.Import.Target?
        /// `from X import name` where X has no such name.
        let name: String?
    }

    func check(_ context: LintContext) -> [Finding] {
        guard let python = context.python, !context.functionSources.isEmpty, let model = context.imports,
            let functionPackage = context.image.functionPackageSource
        else { return [] }
        let archive = context.image.sources[functionPackage].path
        let code = FunctionCode(context)
        let folders = context.image.folders()
        var resolved: [String: Bool] = [:]
        // One finder for every name: it is built from the image and the runtime once.
        let finder = ModuleFinder(
            image: context.image, folders: folders, python: python,
            architecture: context.target.architecture ?? .x86_64, standardLibrary: context.standardLibrary,
            pthFolders: [])
        func provides(_ module: String) -> Bool {
            if let known = resolved[module] { return known }
            let resolution = ImportResolution(module: module, finder: finder)
            let found: Bool
            switch resolution.outcome {
            case .notFound, .notAPackage: found = false
            default: found = true
            }
            resolved[module] = found
            return found
        }
        var misses: [Miss] = []
        // The function's modules that ran when the handler's module was imported (or all of
        // them, without a handler), in path order.
        let ran = code.ordered.filter {
            model.module($0.module)?.outcome != nil || model.module($0.module)?.failure != nil
        }
        for module in ran.sorted(by: { $0.path < $1.path }) {
            guard let imported = model.module(module.module) else { continue }
            for failure in (imported.failure.map { [$0] } ?? []) + imported.laterFailures {
                if let miss = Self.miss(failure, in: model, module: module, atImport: true, condition: nil) {
                    misses.append(miss)
                }
            }
            for conditional in imported.conditional {
                if let miss = Self.miss(
                    conditional.failure, in: model, module: module, atImport: false,
                    condition: conditional.condition, link: conditional.link)
                {
                    misses.append(miss)
                }
            }
            // Imports inside functions run only when the function does: each must be found.
            for item in code.scan(of: module)?.imports ?? [] where item.inFunction {
                switch FunctionCode.absolute(item, in: module) {
                case .module(let target):
                    // `from . import x` may import a name of the package itself: only a named module is checked.
                    guard item.level == 0 || !item.module.isEmpty, !provides(target) else { continue }
                    misses.append(
                        Miss(
                            path: module.path, line: item.line, module: target, atImport: false,
                            condition: nil, relative: nil, name: nil))
                case let problem:
                    misses.append(
                        Miss(
                            path: module.path, line: item.line,
                            module: String(repeating: ".", count: item.level) + item.module, atImport: false,
                            condition: nil, relative: problem, name: nil))
                }
            }
        }
        misses.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        return findings(misses, context: context, archive: archive, python: python, provides: provides)
    }

    /// The miss a failure of the function's module `source` is, when the statement that
    /// fails is the module's own and what it imports is missing itself (a module that fails
    /// inside a layer's package is the layer rules' to explain).
    private static func miss(
        _ failure: Int, in model: ImportModel, module source: FunctionSource, atImport: Bool, condition: String?,
        link: ImportModel.Link? = nil
    ) -> Miss? {
        let (links, cause) = model.chain(of: failure)
        guard let statement = link ?? links.first, let cause else { return nil }
        // The failing statement's own import must be the cause: a chain through another
        // function module is reported at that module.
        guard links.count <= (link == nil ? 1 : 0) else { return nil }
        switch cause {
        case .notFound(let module, let foreign) where foreign.isEmpty:
            return Miss(
                path: source.path, line: statement.line, module: module, atImport: atImport, condition: condition,
                relative: nil, name: nil)
        case .notAPackage(let module, _):
            return Miss(
                path: source.path, line: statement.line, module: module, atImport: atImport, condition: condition,
                relative: nil, name: nil)
        case .relativeImport(_, _, _, let beyondTop):
            // `from ..x import y` → `..x`.
            let written = statement.statement.dropFirst("from ".count).prefix { $0 != " " }
            return Miss(
                path: source.path, line: statement.line, module: String(written), atImport: atImport,
                condition: condition, relative: beyondTop ? .beyondTop : .noParent, name: nil)
        case .cannotImportName(let name, let module, _, let foreign) where foreign.isEmpty:
            return Miss(
                path: source.path, line: statement.line, module: module, atImport: atImport, condition: condition,
                relative: nil, name: name)
        default:
            return nil
        }
    }

    /// One finding per missing top-level module (and per kind of relative-import failure),
    /// naming every place that imports it; an error when one of them runs at import.
    private func findings(
        _ misses: [Miss], context: LintContext, archive: String, python: RuntimeCatalog.PythonRuntime,
        provides: (String) -> Bool
    ) -> [Finding] {
        var order: [String] = []
        var groups: [String: [Miss]] = [:]
        for miss in misses {
            let key: String
            if let relative = miss.relative {
                key = "\(relative)\u{0}\(miss.path)"
            } else {
                key = Self.top(miss.module)
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(miss)
        }
        let runtime = context.target.runtime?.identifier ?? "the runtime"
        return order.compactMap { key -> Finding? in
            guard let group = groups[key], let first = group.first else { return nil }
            let atImport = group.contains { $0.atImport }
            let severity: Severity = atImport ? .error : .warning
            let places = group.map { "\($0.path) line \($0.line)" }
            let listed =
                places.count <= 3
                ? places.joined(separator: ", ")
                : places.prefix(3).joined(separator: ", ")
                    + " and \(places.count - 3) more"
            let paths = Array(Set(group.map(\.path))).sorted()
            let condition = group.first { !$0.atImport }?.condition
            let when =
                atImport
                ? "fails at init with Runtime.ImportModuleError"
                : condition.map { "may fail at init with Runtime.ImportModuleError (it runs \($0))" }
                    ?? "fails when that function runs"
            if let name = first.name {
                return Finding(
                    rule: Self.description, severity: severity,
                    message:
                        "from \(first.module) import \(name) (\(listed)) \(when): \(first.module) is found, but it "
                        + "has no \(name) (ImportError: cannot import name '\(name)')",
                    archive: archive, path: first.path,
                    fix: "correct the import, or install the version of the project that has \(name)", paths: paths,
                    subject: first.module + "." + name)
            }
            if let relative = first.relative {
                let why =
                    relative == .noParent
                    ? "a top-level module has no parent package (ImportError: attempted relative import with no known "
                        + "parent package)"
                    : "it goes above the top-level package (ImportError: attempted relative import beyond top-level "
                        + "package)"
                return Finding(
                    rule: Self.description, severity: severity,
                    message: "the relative import from \(first.module) (\(listed)) \(when): \(why)",
                    archive: archive, path: first.path,
                    fix: relative == .noParent
                        ? "import it by its name from the package root (from . import x becomes import x; from .x "
                            + "import y becomes from x import y), or move the module into a package and set the "
                            + "handler to package.module.function"
                        : "use fewer dots, or import the module by its full name from the package root",
                    paths: paths, subject: first.module)
            }
            let top = Self.top(first.module)
            let topFound = provides(top)
            let (because, fix) =
                topFound
                ? missingSubmodule(first.module, top: top, context: context)
                : explanation(top, module: first.module, context: context, python: python)
            return Finding(
                rule: Self.description, severity: severity,
                message: "import \(first.module) (\(listed)) \(when): \(because)"
                    + (topFound ? "" : " on the sys.path of \(runtime)"),
                archive: archive, path: first.path, fix: fix, paths: paths, subject: first.module)
        }
    }

    /// `top` is found but `module` inside it is not: a file missing from the function's own
    /// package, or from an installed one.
    private func missingSubmodule(_ module: String, top: String, context: LintContext) -> (String, String) {
        let file = module.replacingOccurrences(of: ".", with: "/")
        let inPackage = context.image.importNames.contains { $0.name == top && $0.folder == "/var/task" }
        if inPackage {
            return (
                "\(top) is the function package's own \(top)/, which has no \(file).py or \(file)/__init__.py",
                "add \(file).py to the function package, or correct the import"
            )
        }
        return (
            "\(top) is found, but it has no \(file).py or \(file)/__init__.py (a file of it is missing, or the "
                + "import names a module it does not have)",
            "reinstall the project that provides \(top) (D005 names missing files), or correct the import"
        )
    }

    /// Why nothing provides `top`, and the fix.
    private func explanation(
        _ top: String, module: String, context: LintContext, python: RuntimeCatalog.PythonRuntime
    ) -> (String, String) {
        if let last = context.standardLibraries?.lastVersion(having: top, before: python.version) {
            return (
                "\(top) is no longer in the standard library of Python \(python.version) (Python \(last)'s had it), "
                    + "and nothing else provides it",
                RemovedModules.replacement(for: top)
            )
        }
        let layers = context.image.layerPaths
        let searchPath = python.sysPath.filter { $0.hasPrefix("/opt/") || $0.hasPrefix("/var/task") }
        let misses = NearMiss.find(top, in: context.image, searchPath: searchPath)
        var because =
            layers.isEmpty
            ? "no layer is attached, and neither the function package nor the runtime provides \(top)"
            : "neither the layers (\(layers.joined(separator: ", "))) nor the function package nor the runtime "
                + "provides \(top)"
        if module != top { because = "\(module) is not found: " + because }
        if let miss = misses.first {
            let place = context.image.sources[miss.source]
            because +=
                "; \(place.path) has it at \(miss.member), where Python does not look"
                + (Self.layoutRule(miss.member, isLayer: place.isLayer).map { " (\($0))" } ?? "")
        }
        guard let project = KnownProjects.project(importing: top) else {
            return (
                because,
                "attach the layer that provides \(top), or find its project where the import works "
                    + "(\(KnownProjects.lookupCommand(importing: top))) and install that into the function package (pip install --target . <that project>, in the folder it is "
                    + "zipped from)"
            )
        }
        return (
            because,
            "attach the layer that provides \(top), or install \(project) into the function package (in the folder it "
                + "is zipped from): " + PipCommand.install([project], target: ".", context: context)
        )
    }

    /// The rule that explains a copy of the module where Python does not look.
    static func layoutRule(_ member: String, isLayer: Bool) -> String? {
        if member.contains("\\") { return "Z003" }
        guard isLayer else { return nil }
        switch PythonPlacement.classify(member) {
        case .outside: return "L001"
        case .versionedSitePackages, .lib64: return "L002"
        case .nested: return "L003"
        default: return nil
        }
    }

    static func top(_ module: String) -> String { String(module.prefix { $0 != "." }) }
}
