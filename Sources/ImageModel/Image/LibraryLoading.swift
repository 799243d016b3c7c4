import BinaryFormats
import LambdaPlatform
import PythonPackaging

/// How Lambda's dynamic loader finds the shared libraries the layers' binaries need, as
/// ld.so does it for the target: for each `DT_NEEDED` name, the object's `DT_RPATH` (when it
/// has no `DT_RUNPATH`) and those of the objects that loaded it, then the function's
/// `LD_LIBRARY_PATH`, then the object's `DT_RUNPATH`, then the system folders; `$ORIGIN` is
/// the object's own folder. Folders under `/opt` and `/var/task` are looked up in the image;
/// `/lib64` and `/usr/lib64` in the catalog's listing of the operating system's image.
///
/// For every extension module, the closure: each library it needs, each library those need,
/// and each symbol version a system library is asked for (`GLIBCXX_3.4.26` of
/// `libstdc++.so.6`, `XCRYPT_2.0` of `libcrypt.so.1`) against the catalog's ceilings, walked
/// breadth first on an explicit queue, each binary once (`Resolver.walk`).
package struct LibraryLoading: Sendable {
    package typealias FileRef = ImportModel.FileRef

    /// Where a needed library is found.
    package enum Place: Equatable, Sendable {
        case image(FileRef)
        case system
    }

    /// Why a binary does not load, at the end of its chain of libraries.
    package enum Problem: Equatable, Sendable {
        /// Nothing provides `library`, which `neededBy` names; `misplaced` are files of that
        /// name in folders the loader does not search.
        case missing(library: String, neededBy: FileRef, misplaced: [FileRef])
        /// The system's copy of `library` lacks the symbol `version` (`GLIBCXX_3.4.26`), whose
        /// newest is `highest` there (`nil`: it has none of that kind).
        case versionMissing(library: String, version: String, highest: String?, neededBy: FileRef)

        package var library: String {
            switch self {
            case .missing(let library, _, _), .versionMissing(let library, _, _, _): return library
            }
        }

        /// Whether it is a version of GCC's C++ runtime (C011's, not C010's).
        package var isCxxRuntime: Bool {
            if case .versionMissing(let library, _, _, _) = self { return LibraryLoading.isCxxRuntime(library) }
            return false
        }

        package var neededBy: FileRef {
            switch self {
            case .missing(_, let file, _), .versionMissing(_, _, _, let file): return file
            }
        }
    }

    /// A library a distribution opens by name when it is imported (ctypes, cffi) that the
    /// loader does not find.
    package struct MissingRuntimeLoad: Equatable, Sendable {
        package let distribution: String
        /// The module whose import opens it.
        package let module: String
        package let library: String
        package let how: String
        package let misplaced: [FileRef]
    }

    /// One needed library of a binary and where it is found (`nil`: nowhere).
    package struct Need: Equatable, Sendable {
        package let library: String
        package let place: Place?
    }

    /// The function's `LD_LIBRARY_PATH`, in order.
    package let searchPath: [String]
    /// The problems of each extension module's closure, in the order met; modules without
    /// problems are left out.
    package let problems: [FileRef: [Problem]]
    /// With `listingNeeds` (`inspect`), the needed libraries of every binary whose dynamic
    /// section was read, and where each resolves from the binary itself (its own
    /// `DT_RPATH`/`DT_RUNPATH`); empty otherwise.
    package let needs: [FileRef: [Need]]
    package let missingRuntimeLoads: [MissingRuntimeLoad]

    /// The most binaries one closure walk visits.
    static let visitLimit = 1 << 16
    /// Whether the walks stopped at `Limits.libraryLookups`: modules past it are not judged.
    package let isCut: Bool

    /// The model over `image`, whose layers' binaries are `binaries` (by file), on the
    /// operating system `system` for `architecture`; `searchPath` is the function's
    /// `LD_LIBRARY_PATH` (the catalog's default unless the function sets its own). Only the
    /// extension modules `isLoadable` accepts (built for the target) are walked.
    package init(
        image: LayerImage, binaries: [FileRef: NativeBinary], system: RuntimeCatalog.NativeLibraries,
        architecture: Architecture, searchPath: [String], runtimeLoads: [RuntimeCatalog.RuntimeLoad] = [],
        listingNeeds: Bool = false, isLoadable: (NativeBinary) -> Bool = { _ in true }
    ) {
        let resolver = Resolver(
            image: image, binaries: binaries, system: system, architecture: architecture, searchPath: searchPath)
        var needs: [FileRef: [Need]] = [:]
        for (file, binary) in binaries where listingNeeds {
            guard let dynamic = binary.libraryNeeds else { continue }
            let origin = resolver.folder(of: file)
            needs[file] = dynamic.neededLibraries.map {
                Need(library: $0, place: resolver.resolve($0, from: dynamic, origin: origin, inherited: []))
            }
        }
        var problems: [FileRef: [Problem]] = [:]
        var budget = Limits.libraryLookups
        // Modules the target loads at all: one built for another platform is another rule's.
        let roots = binaries.keys.filter { file in
            binaries[file].map { $0.taggedExtensionModule != nil && $0.libraryNeeds != nil && isLoadable($0) } ?? false
        }.sorted { ($0.source, $0.member) < ($1.source, $1.member) }
        for file in roots where budget > 0 {
            let found = resolver.closureProblems(of: file, budget: &budget)
            if !found.isEmpty { problems[file] = found }
        }
        self.isCut = budget <= 0
        var missingLoads: [MissingRuntimeLoad] = []
        for load in runtimeLoads where image.distribution(named: load.distribution) != nil {
            for library in load.libraries where resolver.resolve(library, from: nil, origin: "", inherited: []) == nil {
                missingLoads.append(
                    MissingRuntimeLoad(
                        distribution: load.distribution, module: load.module, library: library, how: load.how,
                        misplaced: resolver.misplaced(library)))
            }
        }
        self.searchPath = searchPath
        self.problems = problems
        self.needs = needs
        self.missingRuntimeLoads = missingLoads
    }

    /// The problems of `binary`'s closure (a binary of one of `image`'s sources), in the order met.
    package func problems(of binary: NativeBinary, in image: LayerImage) -> [Problem] {
        guard !problems.isEmpty, let source = image.sources.firstIndex(where: { $0.path == binary.archive }) else {
            return []
        }
        return problems[FileRef(source: source, member: binary.path)] ?? []
    }

    /// The binaries whose dynamic sections the model needs and that were not read in full:
    /// the extension modules the target loads, then the libraries of the image their read
    /// needs lead to. A reader reads these, then asks again, until none is left.
    package static func unread(
        image: LayerImage, binaries: [FileRef: NativeBinary], system: RuntimeCatalog.NativeLibraries,
        architecture: Architecture, searchPath: [String], isLoadable: (NativeBinary) -> Bool
    ) -> [FileRef] {
        let resolver = Resolver(
            image: image, binaries: binaries, system: system, architecture: architecture, searchPath: searchPath)
        var unread = Set<FileRef>()
        var budget = Limits.libraryLookups
        for (file, binary) in binaries where binary.taggedExtensionModule != nil && isLoadable(binary) {
            if binary.libraryNeeds == nil {
                unread.insert(file)
            } else if budget > 0 {
                unread.formUnion(
                    resolver.reached(from: file, budget: &budget).filter { binaries[$0].map(isLoadable) ?? false })
            }
        }
        return unread.filter { binaries[$0]?.libraryNeeds == nil && binaries[$0]?.problem == nil }
            .sorted { ($0.source, $0.member) < ($1.source, $1.member) }
    }

    /// Whether the libraries a binary's first segment names (`names`, a superset of its
    /// `DT_NEEDED`, from `ELFPrefixReading.firstSegmentNeeds`) settle where it loads them,
    /// and which they are: every one but the file's own name is found in the system's
    /// folders by the function's search path, and no file of the image has its name, so no
    /// `DT_RPATH` or `DT_RUNPATH` of the binary can find another copy. Made once for all the
    /// binaries of a check.
    package struct Settling: Sendable {
        let resolver: Resolver
        /// The file names of the image that may be libraries.
        let imageFileNames: Set<String>

        package init(
            image: LayerImage, system: RuntimeCatalog.NativeLibraries, architecture: Architecture,
            searchPath: [String], imageFileNames: Set<String>
        ) {
            self.resolver = Resolver(
                image: image, binaries: [:], system: system, architecture: architecture, searchPath: searchPath)
            self.imageFileNames = imageFileNames
        }

        /// The libraries of `names` a binary named `fileName` needs, all found in the system's
        /// folders; `nil` when they do not settle it.
        package func neededLibraries(names: [String], fileName: String) -> [String]? {
            var needed: [String] = []
            for name in names where !fileName.hasPrefix(name) && !needed.contains(name) {
                guard !imageFileNames.contains(name),
                    resolver.resolve(name, from: nil, origin: "/", inherited: []) == .system
                else { return nil }
                needed.append(name)
            }
            return needed
        }
    }

    /// The default search path of `system`, or the folders of the function's own
    /// `LD_LIBRARY_PATH` when it sets one (empty parts left out).
    package static func searchPath(system: RuntimeCatalog.NativeLibraries, environment: [String: String]) -> [String] {
        guard let own = environment["LD_LIBRARY_PATH"] else { return system.loaderPath }
        return own.split(separator: ":").map(String.init)
    }

    /// Whether `library` is GCC's C++ runtime (`libstdc++.so.6`, `libgcc_s.so.1`), whose
    /// symbol versions C011 weighs; other libraries' versions are C010's.
    package static func isCxxRuntime(_ library: String) -> Bool {
        library == "libstdc++.so.6" || library == "libgcc_s.so.1"
    }

    /// `GLIBCXX_3.4.26` → (`GLIBCXX`, `3.4.26`); `nil` for a name without a numeric version.
    static func split(version name: String) -> (prefix: String, version: String)? {
        guard let underscore = name.firstIndex(of: "_") else { return nil }
        let prefix = String(name[..<underscore])
        let version = String(name[name.index(after: underscore)...])
        guard !version.isEmpty, version.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            version.first?.isNumber == true
        else { return nil }
        return (prefix, version)
    }

}

extension LibraryLoading {
    /// Finds libraries as the loader does; the state the walk reads.
    struct Resolver: Sendable {
        let image: LayerImage
        let binaries: [FileRef: NativeBinary]
        let system: RuntimeCatalog.NativeLibraries
        let architecture: Architecture
        /// The image's binaries by file name, for the libraries that sit where the loader
        /// does not look.
        let byName: [String: [FileRef]]
        /// The files of the system's `/lib64` for the architecture.
        let systemFiles: Set<String>
        /// `searchPath`, each folder placed once.
        let searchPlaces: [Folder]

        /// What a folder of the search is: one of the system's, the runtime's own Python
        /// library folder, a folder of the image (normalized), or one the image cannot fill.
        enum Folder: Sendable {
            case system, runtimePython, image(String), elsewhere
        }

        init(
            image: LayerImage, binaries: [FileRef: NativeBinary], system: RuntimeCatalog.NativeLibraries,
            architecture: Architecture, searchPath: [String]
        ) {
            self.image = image
            self.binaries = binaries
            self.system = system
            self.architecture = architecture
            var byName: [String: [FileRef]] = [:]
            for file in binaries.keys.sorted(by: { ($0.source, $0.member) < ($1.source, $1.member) }) {
                let name = file.member.split(separator: "/").last.map(String.init) ?? file.member
                byName[name, default: []].append(file)
            }
            self.byName = byName
            self.systemFiles = Set(system.files[architecture.rawValue] ?? [])
            self.searchPlaces = searchPath.map(Self.place)
        }

        /// Where an absolute folder is.
        static func place(_ folder: String) -> Folder {
            let normal = ImportModel.normalized(folder)
            // /lib64 is /usr/lib64 on Amazon Linux 2023 and holds the same files on Amazon Linux 2.
            if normal == "/lib64" || normal == "/usr/lib64" { return .system }
            if normal == "/var/lang/lib" { return .runtimePython }
            if normal.utf8HasPrefix("/opt/") || normal == "/opt" || normal.utf8HasPrefix("/var/task") {
                return .image(normal)
            }
            return .elsewhere
        }

        /// Whether `library` is in `folder`, and as what.
        func find(_ library: String, in folder: Folder) -> Place? {
            switch folder {
            case .system: return systemFiles.contains(library) ? .system : nil
            // The runtime's own Python library.
            case .runtimePython: return library.hasPrefix("libpython3") ? .system : nil
            case .image(let path):
                return image.origin(of: path + "/" + library).map {
                    .image(FileRef(source: $0.source, member: image.entry($0).name))
                }
            case .elsewhere: return nil
            }
        }

        /// The absolute folder holding `file` (`$ORIGIN`).
        func folder(of file: FileRef) -> String {
            let path = image.sources[file.source].root + file.member
            guard let slash = path.lastIndex(of: "/") else { return "/" }
            return String(path[..<slash])
        }

        /// `$ORIGIN` and `${ORIGIN}` replaced by `origin`, `$LIB` by `lib64`.
        func expanded(_ folder: String, origin: String) -> String {
            guard folder.utf8.contains(UInt8(ascii: "$")) else { return folder }
            return folder.replacingOccurrences(of: "${ORIGIN}", with: origin)
                .replacingOccurrences(of: "$ORIGIN", with: origin)
                .replacingOccurrences(of: "${LIB}", with: "lib64")
                .replacingOccurrences(of: "$LIB", with: "lib64")
        }

        /// Where `library` is found for an object with `dynamic` (`nil`: opened by name from
        /// Python, which has no paths of its own) in the absolute folder `origin`, loaded by
        /// objects whose `DT_RPATH`s (expanded) are `inherited`.
        func resolve(_ library: String, from dynamic: ELFDynamicInfo?, origin: String, inherited: [String]) -> Place? {
            if library.contains("/") {
                let path = library.hasPrefix("/") ? library : origin + "/" + library
                return lookUp(path)
            }
            if let dynamic, dynamic.runpath.isEmpty {
                for folder in dynamic.rpath {
                    if let place = find(library, in: Self.place(expanded(folder, origin: origin))) { return place }
                }
            }
            if dynamic?.runpath.isEmpty ?? true {
                for folder in inherited {
                    if let place = find(library, in: Self.place(folder)) { return place }
                }
            }
            for folder in searchPlaces {
                if let place = find(library, in: folder) { return place }
            }
            for folder in dynamic?.runpath ?? [] {
                if let place = find(library, in: Self.place(expanded(folder, origin: origin))) { return place }
            }
            return find(library, in: .system)
        }

        /// What is at the absolute `path`: a file of the image, or of the system's `/lib64`.
        func lookUp(_ path: String) -> Place? {
            let normal = ImportModel.normalized(path)
            guard let slash = normal.lastIndex(of: "/") else { return nil }
            return find(String(normal[normal.index(after: slash)...]), in: Self.place(String(normal[..<slash])))
        }

        /// Files named `library` among the image's binaries (in folders the loader did not search).
        func misplaced(_ library: String) -> [FileRef] { byName[library] ?? [] }

        /// The files of the image the closure of `root` loads, read or not.
        func reached(from root: FileRef, budget: inout Int) -> Set<FileRef> {
            var reached = Set<FileRef>()
            walk(from: root, budget: &budget) { _, _, _, place in
                if case .image(let file)? = place { reached.insert(file) }
            }
            return reached
        }

        /// The problems in the closure of `root`: its own needs, and the needs of every library
        /// of the image it loads, with the `DT_RPATH`s of the chain that loads each.
        func closureProblems(of root: FileRef, budget: inout Int) -> [Problem] {
            var problems: [Problem] = []
            walk(from: root, budget: &budget) { file, dynamic, library, place in
                switch place {
                case nil: problems.append(.missing(library: library, neededBy: file, misplaced: misplaced(library)))
                case .image?: break
                case .system?: problems += versionProblems(dynamic.versionNeeds[library] ?? [], of: library, file: file)
                }
            }
            return problems
        }

        /// Visits each needed library of the closure of `root` with where it is found,
        /// breadth first in `DT_NEEDED` order, as ld.so maps them (so the first missing library
        /// is the one its error names). As in ld.so, a name already loaded is not searched
        /// again, and each binary of the image is loaded once: the walk is linear in the
        /// closure. A binary without a `DT_RUNPATH` passes its `DT_RPATH` on to what it loads.
        func walk(from root: FileRef, budget: inout Int, _ visit: (FileRef, ELFDynamicInfo, String, Place?) -> Void) {
            var loadedNames = Set<String>()
            var loaded: Set = [root]
            var queue: [(file: FileRef, inherited: [String])] = [(root, [])]
            var position = 0
            while position < queue.count, position < LibraryLoading.visitLimit {
                let (file, inherited) = queue[position]
                position += 1
                guard let dynamic = binaries[file]?.libraryNeeds else { continue }
                if let soname = dynamic.soname { loadedNames.insert(soname) }
                let origin = folder(of: file)
                // Its own DT_RPATH, then its loaders' (ld.so skips those of objects with a DT_RUNPATH).
                let own = dynamic.runpath.isEmpty ? dynamic.rpath.map { expanded($0, origin: origin) } : []
                let passed = own + inherited.filter { !own.contains($0) }
                for library in dynamic.neededLibraries where !loadedNames.contains(library) {
                    budget -= 1
                    guard budget > 0 else { return }
                    let place = resolve(library, from: dynamic, origin: origin, inherited: inherited)
                    visit(file, dynamic, library, place)
                    guard place != nil else { continue }
                    loadedNames.insert(library)
                    if case .image(let found)? = place, loaded.insert(found).inserted {
                        queue.append((found, passed))
                    }
                }
            }
        }

        /// The versions of the system's `library` that `file` needs and it does not define.
        func versionProblems(_ versions: [String], of library: String, file: FileRef) -> [Problem] {
            versions.compactMap { name -> Problem? in
                guard let (prefix, version) = LibraryLoading.split(version: name),
                    let ceiling = system.ceiling(of: library, prefix: prefix, architecture: architecture)
                else { return nil }
                guard let highest = ceiling else {
                    return .versionMissing(library: library, version: name, highest: nil, neededBy: file)
                }
                // Both are dotted numbers (the catalog's are checked to be versions).
                guard let needed = try? Version(version), let ceiling = try? Version(highest), needed > ceiling
                else { return nil }
                return .versionMissing(library: library, version: name, highest: highest, neededBy: file)
            }
        }
    }
}
