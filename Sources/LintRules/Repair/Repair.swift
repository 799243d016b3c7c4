/// A change to a layer, in its own paths. A finding carries the changes that repair it as a
/// `Repair` (installations named one by one); the repair plan (`RepairPlan`) orders and
/// merges the repairs of every finding of a layer into steps whose installations are one
/// pip call (`RepairPlan.Action`), and writes from them both `layerlint fix`'s steps and each
/// finding's fix text, so that what a report tells and what `fix` does are the same steps.
public enum Change<Install: Hashable & Sendable>: Hashable, Sendable {
    /// Items (files or folders, paths in the layer) moved into `folder`, keeping their names.
    case moveInto(items: [String], folder: String)
    /// The contents of `folder` moved into `into` (merged with what is there), then
    /// `removing` (the folder or one of its parents) removed.
    case mergeContents(of: String, into: String, removing: String)
    /// A member renamed (a name written with backslashes, to the folders it means).
    case rename(from: String, to: String)
    /// A file copied into a folder (a library, to where the loader looks).
    case copy(file: String, into: String)
    /// Modes changed with `chmod` (`o+r`, `o+rx`, `a+x`), recursively for folders when `recursive`.
    case chmod(String, paths: [String], recursive: Bool)
    /// The cached bytecode another Python wrote (`__pycache__/*.cpython-311.pyc`) under `folder`.
    case removeBytecode(version: String, folder: String)
    /// Distributions installed for the target, each as a whole: pip writes them into a fresh
    /// folder, and only then the old copies go and the new ones take their place.
    case install(Install)
}

extension Change {
    /// Whether the change installs distributions.
    public var isInstall: Bool {
        if case .install = self { return true }
        return false
    }
}

/// A finding's mechanical repair: its changes, with the distributions it needs installed.
public typealias Repair = Change<[Installation]>

/// One distribution a repair installs: a new one, or a replacement for what the layer has.
public struct Installation: Hashable, Sendable {
    /// The project's name as its metadata or a requirement writes it.
    public let name: String
    /// Extras asked for (`socks`), without brackets.
    public let extras: [String]
    /// The version tried first, the one the layer has; `nil` when that version is known not to
    /// do (it excludes the runtime's Python, or a dependent excludes it).
    public let pinned: String?
    /// What pip resolves within when there is no pin, or when the pinned version has no wheel
    /// for the target: the specifiers the layer's dependents require (`>=1.26.0`), or none.
    public let specifiers: [String]
    /// The folder it goes into, as a path in the layer (`python`).
    public let folder: String
    /// The members of the old copy, removed once the new one is in hand (its packages,
    /// modules and `.dist-info`).
    public let replacing: [String]

    public init(
        name: String, extras: [String] = [], pinned: String?, specifiers: [String], folder: String,
        replacing: [String]
    ) {
        self.name = name
        self.extras = extras
        self.pinned = pinned
        self.specifiers = specifiers
        let trimmed = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        self.folder = trimmed.isEmpty ? "." : trimmed
        self.replacing = replacing
    }

    /// The normalized project name (PEP 503).
    var project: String {
        name.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).joined(separator: "-")
    }

    private var extrasText: String { extras.isEmpty ? "" : "[" + extras.joined(separator: ",") + "]" }

    /// The requirement of the first pip call: the pin, else the relaxed requirement.
    var first: String { pinned.map { name + extrasText + "==" + $0 } ?? relaxed }

    /// The requirement within the dependents' specifiers.
    var relaxed: String { name + extrasText + specifiers.joined(separator: ",") }

    /// Whether the second call would ask for something else than the first.
    var isRelaxable: Bool { pinned != nil }
}
