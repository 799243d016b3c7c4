import ImageModel
import LambdaPlatform

/// C010: a shared library an extension module loads (directly, through the libraries it
/// bundles, or by name at run time) that Lambda's loader does not find.
struct SharedLibraryMissingRule: Rule {
    static let description = RuleDescription(
        id: "C010", name: "shared-library-missing", family: .compatibility, defaultSeverity: .error,
        summary: "A shared library that an extension module needs (DT_NEEDED, also through the libraries it "
            + "loads in turn), or that a package opens by name at run time, is found nowhere Lambda's loader looks.",
        rationale: "Lambda's loader searches a module's DT_RPATH, then LD_LIBRARY_PATH (/var/lang/lib, /lib64, "
            + "/usr/lib64, /var/runtime, /var/runtime/lib, /var/task, /var/task/lib, /opt/lib), then its DT_RUNPATH, "
            + "then the system folders; $ORIGIN is the module's own folder. A wheel whose modules need a library "
            + "of the build machine that Amazon Linux lacks (opencv-python's libGL.so.1, psycopg2's libpq.so.5, "
            + "pyodbc's libodbc.so.2, libcrypt.so.1 on Amazon Linux 2023) fails with \"cannot open shared object "
            + "file: No such file or directory\". A layer's lib/ is /opt/lib and is searched; python/ and lib64/ "
            + "are not, so a library copied beside the module is not found. A symbol version the system's copy "
            + "lacks (crypt@XCRYPT_2.0 from a current distribution's libcrypt, which Amazon Linux 2's does not "
            + "define) fails the same way. Which libraries each operating system's image has comes from the "
            + "catalog (a listing of the Lambda images' /lib64)." + NativeEvidence.weighing,
        fix: "install a build that bundles its libraries (each finding names one when it is known, such as "
            + "opencv-python-headless for opencv-python), ship the library and what it needs in the layer's lib/, "
            + "or copy it there from the folder the loader does not search",
        fires: "a module needing libGL.so.1 with no libGL in the layer",
        passes: "a module needing only libraries of the image, or one it ships in lib/ or on its $ORIGIN RUNPATH",
        needs: [.runtime, .nativeBinaries, .libraryLoading, .importModel],
        examples: [
            .fires(
                "a module needing libGL.so.1, which Amazon Linux 2023 does not have",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-libgl.so"))],
                runtime: "python3.12", findings: ["error python/pkg/_core.abi3.so"]),
            .fires(
                "a module needing its own library, shipped beside it in python/, where the loader does not look",
                [
                    .members(
                        .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-native.so")
                            + [.binary("python/pkg/libfastmath_native.so.1", "elf-x86_64-libfastmath-native.so.1")])
                ],
                runtime: "python3.12", findings: ["error python/pkg/_core.abi3.so"]),
            .passes(
                "the same library in the layer's lib/ (/opt/lib, on LD_LIBRARY_PATH)",
                [
                    .members(
                        .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-native.so")
                            + [.binary("lib/libfastmath_native.so.1", "elf-x86_64-libfastmath-native.so.1")])
                ],
                runtime: "python3.12"),
            .passes(
                "a module finding its hashed library through RUNPATH $ORIGIN/../fastmath.libs, as auditwheel leaves it",
                [
                    .members(
                        .importedExtension("python/fastmath/_core.abi3.so", "elf-x86_64-runpath-origin.so")
                            + [
                                .binary(
                                    "python/fastmath.libs/libfastmath_native-1a2b3c4d.so.1",
                                    "elf-x86_64-libfastmath-native-hashed.so.1")
                            ])
                ],
                runtime: "python3.12"),
            .passes(
                "a module needing glibc's libcrypt.so.1 (crypt@GLIBC_2.2.5) on python3.11 (Amazon Linux 2 has it)",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-libcrypt.so"))],
                runtime: "python3.11"),
            .fires(
                "the same module on python3.12: Amazon Linux 2023 has no libcrypt.so.1",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-libcrypt.so"))],
                runtime: "python3.12", findings: ["error python/pkg/_core.abi3.so"]),
            .fires(
                "a module needing crypt@XCRYPT_2.0, which Amazon Linux 2's libcrypt.so.1 does not define",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-xcrypt.so"))],
                runtime: "python3.11", findings: ["error python/pkg/_core.abi3.so"]),
            .fires(
                "pyvips without libvips.so.42, which it opens by name (cffi) when imported",
                [
                    .members(
                        [.file("python/pyvips/__init__.py", "import os\n")]
                            + .distribution("pyvips", "2.2.3", files: ["pyvips/__init__.py"]))
                ],
                runtime: "python3.12", findings: ["error python/pyvips/__init__.py"]),
            .passes(
                "pyvips with libvips.so.42 in the layer's lib/",
                [
                    .members(
                        [
                            .file("python/pyvips/__init__.py", "import os\n"),
                            .binary("lib/libvips.so.42", "elf-x86_64-glibc2.2.5.so"),
                        ] + .distribution("pyvips", "2.2.3", files: ["pyvips/__init__.py"]))
                ],
                runtime: "python3.12"),
            .passes(
                "python-magic without libmagic.so.1: Lambda's images have it in /lib64",
                [
                    .members(
                        [.file("python/magic/__init__.py", "import ctypes\n")]
                            + .distribution("python-magic", "0.4.27", files: ["magic/__init__.py"]))
                ],
                runtime: "python3.12"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let libraries = context.libraries else { return [] }
        let system = runtime.operatingSystem
        let evidence = NativeEvidence(context) { binary in
            Self.problems(of: binary, in: context).first.map(Self.phrase)
        }
        let installations = Installations(context)
        let findings = evidence.findings(
            Self.description, context, fix: { Self.fix($0, context: context) },
            repairs: { Self.repairs($0, context: context, installations: installations) },
            message: { group in
                "\(NativeEvidence.subject(group)) not loadable: \(group.builtFor) "
                    + "(\(Self.where(group, context: context, system: system)))"
            })
        var cut: [Finding] = []
        if libraries.isCut {
            cut.append(
                Finding(
                    rule: Self.description, severity: .info,
                    message: "the loader model stopped after \(Limits.libraryLookups) library lookups: the extension "
                        + "modules past it were not checked", archive: nil, path: nil,
                    fix: "check the layer's packages in smaller layers"))
        }
        return findings + runtimeLoadFindings(libraries, context: context, system: system) + cut
    }

    /// The problems of `binary` that are this rule's: libraries not found, and versions of
    /// system libraries other than the C++ runtime's (C011's).
    static func problems(of binary: NativeBinary, in context: LintContext) -> [LibraryLoading.Problem] {
        NativeEvidence.libraryProblems(of: binary, in: context).filter { !$0.isCxxRuntime }
    }

    /// What is not found: `libGL.so.1`, `XCRYPT_2.0 of libcrypt.so.1`.
    static func missing(_ problem: LibraryLoading.Problem) -> String {
        switch problem {
        case .missing(let library, _, _): return library
        case .versionMissing(let library, let version, _, _): return "\(version) of \(library)"
        }
    }

    /// `libGL.so.1 not found`, `XCRYPT_2.0 of libcrypt.so.1 not found`.
    static func phrase(_ problem: LibraryLoading.Problem) -> String { missing(problem) + " not found" }

    /// Where the loader looked, and where a file of that name sits instead.
    static func `where`(_ group: NativeEvidence.Group, context: LintContext, system: String) -> String {
        guard let binary = NativeEvidence.firstBinary(of: group, in: context),
            let problem = problems(of: binary, in: context).first
        else { return "" }
        let image = context.image
        var text: String
        switch problem {
        case .missing(_, let neededBy, let misplaced):
            let by = neededBy.member == group.files[0] ? "" : "needed by \(neededBy.member); "
            text = by + "not in \(system)'s libraries, nor in /opt/lib (the layers' lib/) or the folders the "
                + "module's RPATH/RUNPATH names"
            if let first = misplaced.first {
                text += "; found at \(first.member) in \(image.sources[first.source].path), but Lambda's loader "
                    + "does not search \(Self.folder(of: first.member))"
            }
        case .versionMissing(let library, _, let highest, let neededBy):
            let by = neededBy.member == group.files[0] ? "" : "needed by \(neededBy.member); "
            text = by + "\(system)'s \(library) " + (highest.map { "goes up to \($0)" } ?? "does not define it")
        }
        // The loader stops at the first; the others are missing too, and the fix needs them all.
        var others: [String] = []
        for other in problems(of: binary, in: context).dropFirst().map(Self.missing)
        where other != Self.missing(problem) && !others.contains(other) {
            others.append(other)
        }
        if !others.isEmpty {
            let shown = others.prefix(8).joined(separator: ", ")
            text += "; also not found: " + shown + (others.count > 8 ? " and \(others.count - 8) more" : "")
        }
        return text
    }

    /// The folder holding a member, with its slash (`python/pkg/`).
    static func folder(of member: String) -> String {
        member.lastIndex(of: "/").map { String(member[...$0]) } ?? "./"
    }

    /// The mechanical part of `fix`: the variant that bundles its libraries installed in
    /// place of the distribution, or a loadable copy of the missing library copied to lib/.
    static func repairs(_ group: NativeEvidence.Group, context: LintContext, installations: Installations) -> [Repair] {
        if let owner = NativeEvidence.distribution(for: group, in: context),
            let alternative = context.catalog?.nativePackages?.alternative(to: owner.normalizedName)
        {
            return [
                .install([
                    Installation(
                        name: alternative.alternative, pinned: owner.versionText, specifiers: [],
                        folder: context.image.installFolder(of: owner),
                        replacing: installations.members(of: owner))
                ])
            ]
        }
        guard let binary = NativeEvidence.firstBinary(of: group, in: context),
            case .missing(_, _, let misplaced) = problems(of: binary, in: context).first
        else { return [] }
        let ceiling = context.glibcCeiling
        guard
            let first = misplaced.first(where: { file in
                file.source == group.layer
                    && context.readableLayers[file.source].binaries.contains {
                        $0.path == file.member && $0.isLoadable(on: context.target, glibcCeiling: ceiling)
                    }
            })
        else { return [] }
        return [.copy(file: first.member, into: "lib")]
    }

    /// The repair that fits the group: a known variant that bundles its libraries, moving a
    /// misplaced library to lib/, or shipping the library in lib/.
    static func fix(_ group: NativeEvidence.Group, context: LintContext) -> String {
        let place = "in the folder you zip (the one that holds python/): "
        if let owner = NativeEvidence.distribution(for: group, in: context),
            let alternative = context.catalog?.nativePackages?.alternative(to: owner.normalizedName)
        {
            let pin = owner.versionText.map { "==\($0)" } ?? ""
            return place + "replace \(owner.name) with \(alternative.alternative) (\(alternative.reason)): "
                + CleanReinstall.command([owner], changing: [owner.normalizedName: alternative.alternative + pin], context: context)
        }
        guard let binary = NativeEvidence.firstBinary(of: group, in: context),
            let problem = problems(of: binary, in: context).first
        else { return NativeEvidence.fix(group, context: context) }
        let python = context.target.runtime?.python?.version ?? "3.12"
        switch problem {
        case .missing(let library, _, let misplaced):
            // Copied to lib/, a copy the target loads is found (copied, not moved: the
            // distribution's RECORD still lists it); one built for another platform is not the
            // fix (the finding about that copy says how to replace it).
            let ceiling = context.glibcCeiling
            if let first = misplaced.first(where: { file in
                file.source == group.layer
                    && context.readableLayers[file.source].binaries.contains {
                        $0.path == file.member && $0.isLoadable(on: context.target, glibcCeiling: ceiling)
                    }
            }) {
                return place + "mkdir -p lib && cp \(PipCommand.shellQuoted(first.member)) lib/"
            }
            if let first = misplaced.first {
                return "ship \(library) built for the function's platform in the layer's lib/: the copy at "
                    + "\(first.member) does not load there (its own finding says why)"
            }
            return "ship \(library) and the libraries it needs in the layer's lib/ (for example copied from the "
                + "public.ecr.aws/lambda/python:\(python) image after installing the package that provides it with "
                + "dnf), or install a build of the package that bundles it"
        case .versionMissing:
            return "rebuild the module in the public.ecr.aws/lambda/python:\(python) image, against its libraries, "
                + "or bundle the newer library with an $ORIGIN RPATH (auditwheel repair does)"
        }
    }

    /// A distribution of the run-time loads table whose libraries are missing: one finding at
    /// its first file.
    func runtimeLoadFindings(_ libraries: LibraryLoading, context: LintContext, system: String) -> [Finding] {
        var byDistribution: [(String, [LibraryLoading.MissingRuntimeLoad])] = []
        for load in libraries.missingRuntimeLoads {
            if let index = byDistribution.firstIndex(where: { $0.0 == load.distribution }) {
                byDistribution[index].1.append(load)
            } else {
                byDistribution.append((load.distribution, [load]))
            }
        }
        return byDistribution.compactMap { name, loads -> Finding? in
            guard let distribution = context.image.distribution(named: name),
                distribution.source < context.readableLayers.count
            else { return nil }
            let archive = context.image.sources[distribution.source].path
            // The module that opens them, else the distribution's first file.
            let folder = context.image.installFolder(of: distribution) + "/"
            let modulePath = folder + loads[0].module.replacingOccurrences(of: ".", with: "/")
            let root = context.image.sources[distribution.source].root
            let path =
                [modulePath + "/__init__.py", modulePath + ".py"].first { context.image.origin(of: root + $0) != nil }
                ?? distribution.record?.map(\.path).filter { !$0.contains(".dist-info/") }.sorted().first
                .map { folder + $0 } ?? distribution.metadataPath
            let names = loads.map(\.library)
            var message =
                "\(distribution.name) opens \(names.joined(separator: ", ")) by name when it is imported "
                + "(\(loads[0].how)), and Lambda's loader finds \(names.count == 1 ? "it" : "them") nowhere: not in "
                + "\(system)'s libraries nor in /opt/lib (the layers' lib/)"
            if let misplaced = loads.flatMap(\.misplaced).first {
                message += "; found at \(misplaced.member), but Lambda's loader does not search "
                    + Self.folder(of: misplaced.member)
            }
            return Finding(
                rule: Self.description, message: message, archive: archive, path: path,
                fix: "ship " + names.joined(separator: ", ")
                    + " and the libraries \(names.count == 1 ? "it needs" : "they need") in the layer's lib/ "
                    + "(ctypes.util.find_library cannot see /opt/lib on Lambda; the exact file name in lib/ is found)",
                subject: names.joined(separator: ","))
        }
    }
}
