import ImageModel
import LambdaPlatform
import PythonPackaging

/// The repairs of one layer's findings as one ordered plan: the layout first (names with
/// backslashes, nesting, code outside `python/`, another Python's folder, `lib64/`), then
/// libraries copied where the loader looks, foreign bytecode removed and modes set, then one
/// pip call for every distribution to install. Later steps name paths as the earlier ones
/// left them, so that the steps compose: the reinstall of a package moved by the layout
/// targets the folder it was moved to.
///
/// Every path is one in the folder a layer is zipped from (the one that holds `python/`).
/// The plan is data: `script` writes it as shell commands, `layerlint fix` carries it out,
/// and each finding's fix text is its own step, written by the same code.
public struct RepairPlan: Sendable {
    /// One step, and the findings it repairs (their indices in the findings given).
    public struct Step: Sendable {
        public let action: Action
        public internal(set) var findings: [Int]

        /// `C004 python/numpy/…; D008 python/numpy-2.4.6.dist-info/METADATA`: the rule and
        /// member of each finding the step repairs.
        public func served(from all: [Finding]) -> String {
            findings.map { all[$0].rule + (all[$0].path.map { " " + $0 } ?? "") }.joined(separator: "; ")
        }
    }

    /// What a step does: a finding's change, its installations merged into one pip call.
    public typealias Action = Change<PipInstall>

    /// One pip call into a fresh folder, then the swap: the old copies removed, the new
    /// distributions copied in.
    public struct PipInstall: Hashable, Sendable {
        /// The folder the distributions go into.
        public let folder: String
        /// The requirements of the first call.
        public let requirements: [String]
        /// The requirements of the second call, made when the first fails: the pins relaxed
        /// to the dependents' specifiers; `nil` when nothing can be relaxed.
        public let relaxed: [String]?
        /// `name==version` of the distributions of `folder` that stay, so that pip installs
        /// their copies again at the same versions.
        public let constraints: [String]
        /// Whether any distribution of `folder` stays (`constraints` may be left empty for a
        /// finding's own text, which reads them with pip freeze).
        public let constrained: Bool
        /// `name==version` of the distributions of `folder` being replaced: left out of the
        /// constraints (the shell form reads the folder's with `pip freeze`).
        public let replacedPins: [String]
        /// The old copies, removed after pip succeeded.
        public let removing: [String]
        /// The options that make pip choose wheels for the target (`--platform`, ...).
        public let options: [String]
        /// Each distribution's pin and what it was relaxed to, for the report.
        public let installations: [Installation]
    }

    public let archive: String
    public private(set) var steps: [Step] = []
    /// Findings of the layer that no step repairs (indices in the findings given).
    public private(set) var left: [Int] = []
    /// Where the paths of the layer go through the layout steps, in order.
    private var moves: [Move] = []

    /// One layout step's effect on paths. Renames and moved items are looked up, not
    /// scanned, so that rewriting a path costs one lookup per layout finding.
    private enum Move {
        /// A folder (or file) and everything below it now at `to`.
        case prefix(from: String, to: String)
        /// Top-level items (first path segments) moved into `folder`.
        case items(Set<String>, folder: String)
        /// Members renamed one by one.
        case renames([String: String])
    }
    /// Each layout, file or mode step's action → its index in `steps`, so that adding is
    /// constant time (pip steps are added once, whole).
    private var stepIndex: [Action: Int] = [:]
    /// Each finding (its index) → the steps that repair it.
    private var stepsOfFinding: [Int: [Int]] = [:]
    /// Each finding → what it asks pip to install, for its own fix text (the plan's pip step
    /// holds every finding's).
    private var ownInstallations: [Int: [Installation]] = [:]
    private var folderFacts: [String: FolderFacts] = [:]
    private var pipOptions: [String] = []

    /// The plan for the findings about `archive`.
    package init(findings: [Finding], context: LintContext, archive: String) {
        self.archive = archive
        var layout: [(rank: Int, action: Action, finding: Int)] = []
        var copies: [(Action, Int)] = []
        var modes: [(Action, Int)] = []
        var bytecode: [(Action, Int)] = []
        var installs: [(Installation, Int)] = []
        for (index, finding) in findings.enumerated() where finding.archive == archive {
            guard !finding.repairs.isEmpty else {
                left.append(index)
                continue
            }
            for repair in finding.repairs {
                switch repair {
                case .rename(let from, let to): layout.append((0, .rename(from: from, to: to), index))
                case .mergeContents(let from, let into, let removing):
                    // Unnesting first (L003), then another Python's folder and lib64/ (L002).
                    let rank = finding.rule == "L003" ? 1 : 3
                    layout.append((rank, .mergeContents(of: from, into: into, removing: removing), index))
                case .moveInto(let items, let folder): layout.append((2, .moveInto(items: items, folder: folder), index))
                case .copy(let file, let into): copies.append((.copy(file: file, into: into), index))
                case .chmod(let mode, let paths, let recursive):
                    modes.append((.chmod(mode, paths: paths, recursive: recursive), index))
                case .removeBytecode(let version, let folder):
                    bytecode.append((.removeBytecode(version: version, folder: folder), index))
                case .install(let list): installs += list.map { ($0, index) }
                }
            }
        }
        for (_, action, index) in layout.sorted(by: { $0.rank < $1.rank }) {
            let rewritten = rewrite(action)
            add(rewritten, finding: index)
            record(rewritten)
        }
        for (action, index) in copies + bytecode + modes { add(rewrite(action), finding: index) }
        let pip = Self.pipInstalls(installs, plan: self, context: context, archive: archive)
        // Each pip step is added once with its findings, not through `add` (hashing a call of
        // thousands of requirements once per finding would be quadratic).
        for (install, served) in pip.steps {
            for finding in served { stepsOfFinding[finding, default: []].append(steps.count) }
            steps.append(Step(action: .install(install), findings: served))
        }
        ownInstallations = pip.own
        folderFacts = pip.facts
        pipOptions = pip.options
        adoptFindingsInReplacedFolders(findings)
    }

    /// The plan with `options` (`--no-index`, `--find-links DIR`) added to every pip call.
    package func addingPipOptions(_ options: [String]) -> RepairPlan {
        var plan = self
        for index in plan.steps.indices {
            guard case .install(let install) = plan.steps[index].action else { continue }
            plan.steps[index] = Step(
                action: .install(
                    PipInstall(
                        folder: install.folder, requirements: install.requirements, relaxed: install.relaxed,
                        constraints: install.constraints, constrained: install.constrained,
                        replacedPins: install.replacedPins, removing: install.removing,
                        options: install.options + options,
                        installations: install.installations)),
                findings: plan.steps[index].findings)
        }
        return plan
    }

    /// A finding with no repair of its own about a member of a folder that a step moves and
    /// installs again as a whole (another Python's site-packages, L002) is repaired by those
    /// steps: a module built for that Python (C003) is installed again with its folder.
    private mutating func adoptFindingsInReplacedFolders(_ findings: [Finding]) {
        var folders: [(prefix: String, finding: Int)] = []
        for (index, finding) in findings.enumerated() where finding.archive == archive {
            let installs = finding.repairs.contains(where: \.isInstall)
            for case .mergeContents(let from, _, _) in finding.repairs where installs {
                folders.append((from + "/", index))
            }
        }
        guard !folders.isEmpty else { return }
        left = left.filter { index in
            guard let path = findings[index].path,
                let owner = folders.first(where: { path.hasPrefix($0.prefix) })?.finding
            else { return true }
            for step in stepsOfFinding[owner] ?? [] {
                steps[step].findings.append(index)
                stepsOfFinding[index, default: []].append(step)
            }
            ownInstallations[index] = ownInstallations[owner]
            return false
        }
    }

    /// The step's action with every path as the layout steps before it leave it.
    private func rewrite(_ action: Action) -> Action {
        switch action {
        case .moveInto(let items, let folder): return .moveInto(items: items.map(path), folder: path(folder))
        case .mergeContents(let from, let into, let removing):
            return .mergeContents(of: path(from), into: path(into), removing: path(removing))
        case .rename(let from, let to): return .rename(from: path(from), to: path(to))
        case .copy(let file, let into): return .copy(file: path(file), into: path(into))
        case .chmod(let mode, let paths, let recursive): return .chmod(mode, paths: paths.map(path), recursive: recursive)
        case .removeBytecode(let version, let folder): return .removeBytecode(version: version, folder: path(folder))
        case .install: return action
        }
    }

    /// Where `member` is after the layout steps so far.
    func path(_ member: String) -> String {
        var current = member
        for move in moves {
            switch move {
            case .prefix(let from, let to):
                if current == from {
                    current = to
                } else if current.hasPrefix(from + "/") {
                    current = to + current.dropFirst(from.count)
                }
            case .items(let items, let folder):
                if items.contains(String(current.prefix { $0 != "/" })) { current = folder + "/" + current }
            case .renames(let renamed):
                if let to = renamed[current] { current = to }
            }
        }
        return current
    }

    private mutating func record(_ action: Action) {
        switch action {
        case .moveInto(let items, let folder):
            // Items are top-level names (`requests`, `six.py`).
            moves.append(.items(Set(items), folder: folder))
        case .mergeContents(let from, let into, _): moves.append(.prefix(from: from, to: into))
        case .rename(let from, let to):
            if case .renames(var renamed)? = moves.last {
                renamed[from] = to
                moves[moves.count - 1] = .renames(renamed)
            } else {
                moves.append(.renames([from: to]))
            }
        default: break
        }
    }

    /// Adds a step, or the finding to the same step already there.
    private mutating func add(_ action: Action, finding: Int) {
        let index: Int
        if let known = stepIndex[action] {
            index = known
        } else {
            index = steps.count
            stepIndex[action] = index
            steps.append(Step(action: action, findings: []))
        }
        if stepsOfFinding[finding]?.contains(index) != true {
            steps[index].findings.append(finding)
            stepsOfFinding[finding, default: []].append(index)
        }
    }

    /// What the plan knows of the distributions of each folder (after the layout), to pin
    /// what pip installs again beside the new ones.
    struct FolderFacts: Sendable {
        /// Normalized name → `name==version`, for each distribution of the folder with a version.
        var pins: [String: String] = [:]
    }

    /// One pip call per folder the installations go into (after the layout), each
    /// distribution once: its pins and specifiers merged, the old copies' members united.
    /// Also each finding's own installations, for its fix text.
    static func pipInstalls(
        _ installs: [(Installation, Int)], plan: RepairPlan, context: LintContext, archive: String
    ) -> (steps: [(PipInstall, [Int])], own: [Int: [Installation]], facts: [String: FolderFacts], options: [String]) {
        var folders: [String] = []
        var byFolder: [String: (list: [Installation], findings: [Int])] = [:]
        var positions: [String: Int] = [:]  // folder NUL project -> its installation in the folder's list
        var own: [Int: [Installation]] = [:]
        for (installation, finding) in installs {
            let folder = plan.path(installation.folder)
            let moved = Installation(
                name: installation.name, extras: installation.extras, pinned: installation.pinned,
                specifiers: installation.specifiers, folder: folder, replacing: installation.replacing.map(plan.path))
            own[finding, default: []].append(moved)
            if byFolder[folder] == nil {
                folders.append(folder)
                byFolder[folder] = ([], [])
            }
            // Mutated in place: a copy of the folder's lists per installation would make this
            // quadratic in their number.
            let key = folder + "\u{0}" + moved.project
            if let same = positions[key] {
                byFolder[folder, default: ([], [])].list[same] = merged(
                    byFolder[folder, default: ([], [])].list[same], moved)
            } else {
                positions[key] = byFolder[folder, default: ([], [])].list.count
                byFolder[folder, default: ([], [])].list.append(moved)
            }
            if byFolder[folder, default: ([], [])].findings.last != finding {
                byFolder[folder, default: ([], [])].findings.append(finding)
            }
        }
        let source = context.image.sources.firstIndex { $0.path == archive }
        var facts: [String: FolderFacts] = [:]
        let wanted = Set(folders)
        for distribution in context.image.distributions where distribution.source == source {
            let folder = plan.path(context.image.installFolder(of: distribution))
            guard wanted.contains(folder), facts[folder]?.pins[distribution.normalizedName] == nil,
                let version = distribution.versionText
            else { continue }
            facts[folder, default: FolderFacts()].pins[distribution.normalizedName] = distribution.name + "==" + version
        }
        let options = PipCommand.targetOptions(context)
        let steps = folders.compactMap { folder -> (PipInstall, [Int])? in
            guard let (list, findings) = byFolder[folder] else { return nil }
            return (pipInstall(list, folder: folder, facts: facts[folder] ?? FolderFacts(), options: options), findings)
        }
        return (steps, own, facts, options)
    }

    /// The pip call for `list` into `folder`. What pip installs again beside them (the
    /// dependencies the folder has) keeps the version the folder has: every other
    /// distribution of the folder is a constraint.
    static func pipInstall(
        _ list: [Installation], folder: String, facts: FolderFacts, options: [String], listing: Bool = true
    ) -> PipInstall {
        let installing = Set(list.map(\.project))
        // The pins of what is replaced, looked up; the others listed only for the plan's own
        // step (a finding's text reads them with pip freeze: listing them per finding would
        // cost the folder's size once per finding).
        var excluded: [String] = []
        for project in installing { if let pin = facts.pins[project] { excluded.append(pin) } }
        var constraints: [String] = []
        if listing {
            for (project, pin) in facts.pins where !installing.contains(project) { constraints.append(pin) }
        }
        let relaxable = list.contains(where: \.isRelaxable)
        var removing: [String] = []
        var listed = Set<String>()
        for path in list.flatMap(\.replacing) where listed.insert(path).inserted { removing.append(path) }
        return PipInstall(
            folder: folder, requirements: list.map(\.first), relaxed: relaxable ? list.map(\.relaxed) : nil,
            constraints: constraints.sorted(), constrained: facts.pins.count > excluded.count,
            replacedPins: excluded.sorted(), removing: removing, options: options, installations: list)
    }

    /// One installation of a project from two findings' (a C004 and a D008 on the same
    /// distribution): no pin if either has none, every specifier, every old member.
    static func merged(_ lhs: Installation, _ rhs: Installation) -> Installation {
        var specifiers = lhs.specifiers
        for specifier in rhs.specifiers where !specifiers.contains(specifier) { specifiers.append(specifier) }
        var replacing = lhs.replacing
        for path in rhs.replacing where !replacing.contains(path) { replacing.append(path) }
        var extras = lhs.extras
        for extra in rhs.extras where !extras.contains(extra) { extras.append(extra) }
        let pinned = lhs.pinned == nil || rhs.pinned == nil ? nil : lhs.pinned
        return Installation(
            name: lhs.name, extras: extras, pinned: pinned, specifiers: specifiers, folder: lhs.folder,
            replacing: replacing)
    }

    /// The plan's step for the finding at `index`, as the shell commands that make it in
    /// the folder the layer is zipped from; `nil` when no step repairs it.
    public func text(forFinding index: Int, python: String) -> String? {
        let mine = (stepsOfFinding[index] ?? []).map { steps[$0] }
        guard !mine.isEmpty else { return nil }
        // A pip step shows the finding's own part of the plan's one pip call, so that a layer
        // of many findings does not print the whole call in each.
        let commands = mine.map { step -> String in
            guard case .install(let all) = step.action, let list = ownInstallations[index] else {
                return RepairScript.command(step.action, python: python)
            }
            let own = list.filter { $0.folder == all.folder }
            return RepairScript.command(
                .install(
                    Self.pipInstall(
                        own, folder: all.folder, facts: folderFacts[all.folder] ?? FolderFacts(), options: pipOptions,
                        listing: false)),
                python: python)
        }
        return "in the folder you zip (the one that holds python/): " + commands.joined(separator: " && ")
    }

    /// Each finding of `findings` that has a repair, with the plan's step for it as its fix.
    /// Without a runtime the wheels to install are not known: the rules' own texts stay
    /// (they say for which runtime their command is).
    package static func annotating(_ findings: [Finding], context: LintContext) -> [Finding] {
        guard context.target.runtime != nil, findings.contains(where: { !$0.repairs.isEmpty }) else { return findings }
        var annotated = findings
        let archives = Set(findings.compactMap { $0.repairs.isEmpty ? nil : $0.archive })
        let python = PipCommand.python(context)
        for archive in archives.sorted() {
            let plan = RepairPlan(findings: findings, context: context, archive: archive)
            for index in findings.indices where findings[index].archive == archive {
                if let text = plan.text(forFinding: index, python: python) { annotated[index].fix = text }
            }
        }
        return annotated
    }
}
