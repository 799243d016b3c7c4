import LambdaPlatform
import PythonPackaging

/// Every `Requires-Dist` that applies on the target, and what satisfies it: a distribution
/// in the image, the runtime's own copy, or nothing. D001, D002 and D003 read it.
package struct DependencyResolution {
    package enum Outcome {
        /// Found in the image (the first copy on `sys.path`).
        case image(InstalledDistribution)
        /// Not in the image, but the runtime has its own copy in `path`; `versions` is the
        /// range AWS ships where the catalog knows one.
        case runtime(path: String, versions: SpecifierSet?)
        case missing
    }

    package struct Edge {
        /// The distribution that has the requirement (a reference: its edges share it).
        package let dependent: InstalledDistribution
        package let requirement: Requirement
        /// The requirement's line as written in the metadata.
        package let text: String
        /// The extra of `dependent` that brought the requirement in, if any.
        package let extra: String?
        package let outcome: Outcome
    }

    package let edges: [Edge]

    /// Evaluations of markers that test `extra` with `in` or `not in`, one per extra (past
    /// this, such a marker is taken as it is for an extra it does not name).
    package static let extraEvaluationBudget = 1_000_000

    /// Follows the requirements of every distribution on the search path, with markers
    /// evaluated for the target. Extras are followed only where some requirement asks for
    /// them (`requests[socks]`). Without an architecture a marker counts only when it holds
    /// on both.
    ///
    /// - Returns: `nil` when the target has no Python runtime.
    package init?(image: LayerImage, target: Target) {
        guard let runtime = target.runtime, let python = runtime.python else { return nil }
        let distributions = image.distributions
        // The first copy of each name on the search path, as indexes into `distributions`.
        var visible: [String: Int] = [:]
        for (index, distribution) in distributions.enumerated() where visible[distribution.normalizedName] == nil {
            visible[distribution.normalizedName] = index
        }
        let order = visible.values.sorted { distributions[$0].folder < distributions[$1].folder }
        var markers = MarkerAnswers(
            distributions: distributions, python: python, machines: target.architecture.map { [$0.machine] })
        let requested = markers.requestedExtras(order: order, visible: visible)
        let edges = markers.edges(order: order, requested: requested)
        let runtimePath = python.runtimePackagesPath
        self.edges = edges.map { dependent, requirement, name, text, extra in
            let outcome: Outcome
            if let provider = visible[name] {
                outcome = .image(distributions[provider])
            } else if python.providedDistributions.contains(name) {
                outcome = .runtime(
                    path: runtimePath, versions: python.providedVersions[name].flatMap { try? SpecifierSet($0) })
            } else {
                outcome = .missing
            }
            return Edge(
                dependent: distributions[dependent], requirement: requirement, text: text, extra: extra,
                outcome: outcome)
        }
    }

    /// `requests 2.32.3` or `urllib3 2.2.3 (for its extra "socks")`.
    package static func describe(_ edge: Edge) -> String {
        edge.dependent.displayName + (edge.extra.map { " (for its extra \"\($0)\")" } ?? "")
    }

    /// `idna<4,>=2.5`: the requirement without its marker.
    package static func requirementText(_ requirement: Requirement) -> String {
        let extras = requirement.extras.isEmpty ? "" : "[\(requirement.extras.joined(separator: ","))]"
        return requirement.name + extras + requirement.specifier.description
    }
}

/// Whether two specifier sets admit a common version, tested on the versions their bounds
/// name and the versions just above and below them. Exact for the ranges metadata uses
/// (`>=`, `<`, `!=`, `==`, `~=`, wildcards).
package enum SpecifierOverlap {
    package static func overlaps(_ lhs: SpecifierSet, _ rhs: SpecifierSet) -> Bool {
        var candidates: [Version] = [Version(epoch: 0, release: [0]), Version(epoch: 0, release: [1 << 40])]
        for specifier in lhs.specifiers + rhs.specifiers {
            let text =
                specifier.versionText.hasSuffix(".*")
                ? String(specifier.versionText.dropLast(2)) : specifier.versionText
            guard let version = try? Version(text) else { continue }
            var release = version.release
            candidates.append(version)
            candidates.append(Version(epoch: version.epoch, release: release + [1 << 30]))
            // A release part at the largest value has no successor: the versions below it still test it.
            let (next, overflow) = release[release.count - 1].addingReportingOverflow(1)
            if !overflow {
                release[release.count - 1] = next
                candidates.append(Version(epoch: version.epoch, release: release))
            }
            if version.release[version.release.count - 1] > 0 {
                var below = version.release
                below[below.count - 1] -= 1
                candidates.append(Version(epoch: version.epoch, release: below + [1 << 30]))
            }
        }
        return candidates.contains { lhs.contains($0, prereleases: true) && rhs.contains($0, prereleases: true) }
    }
}

/// Whether each requirement of the image's distributions applies on the target, for an extra
/// of its dependent or none: markers evaluated once per machine and extra, with the cache
/// and the budget of extra evaluations the walk shares.
private struct MarkerAnswers {
    /// Each distribution's parsed requirements with their normalized names, made once.
    let requirements: [[(text: String, requirement: Requirement, name: String)]]
    /// How each requirement's marker depends on `extra`: most name one extra, or none. A
    /// marker is then evaluated for the extras it names and once for "any other", never once
    /// per extra of its distribution (10,000 extras of 10,000 requirements each gated on one
    /// took 30 s); only `in`/`not in` on `extra` need each extra, within a budget.
    let dependence: [[Marker.ExtraDependence]]
    let distributions: [InstalledDistribution]
    /// Lambda keeps runtimes on a late patch release; `python_full_version` markers about
    /// early patches of the same minor version are rare.
    let fullVersion: String
    /// The target's machine, or both when the architecture is not known (a marker then counts
    /// only when it holds on both).
    let machines: [String]
    /// One environment per machine and extra, made once: building one is a dictionary.
    var environments: [String: [MarkerEnvironment]] = [:]
    var anyBudget = DependencyResolution.extraEvaluationBudget
    /// A value no extra can be, standing for every extra a marker does not name.
    static let otherExtra = "\u{0}"

    init(distributions: [InstalledDistribution], python: RuntimeCatalog.PythonRuntime, machines: [String]?) {
        self.distributions = distributions
        fullVersion = python.version + ".99"
        self.machines = machines ?? ["x86_64", "aarch64"]
        requirements = distributions.map { distribution in
            distribution.requiresDist.compactMap { text, parsed in
                (try? parsed.get()).map { (text: text, requirement: $0, name: $0.normalizedName) }
            }
        }
        dependence = requirements.map { list in
            list.map { $0.requirement.marker?.extraDependence ?? .values([]) }
        }
    }

    mutating func applies(_ marker: Marker?, extra: String) -> Bool {
        guard let marker else { return extra.isEmpty }
        let forExtra =
            environments[extra]
            ?? machines.map { .lambda(pythonFullVersion: fullVersion, machine: $0, extra: extra) }
        environments[extra] = forExtra
        return forExtra.allSatisfy { (try? marker.evaluate(in: $0)) ?? false }
    }

    /// Whether requirement `position` of distribution `index` applies for `extra` ("" for none).
    mutating func applies(_ index: Int, _ position: Int, extra: String) -> Bool {
        let marker = requirements[index][position].requirement.marker
        guard !extra.isEmpty else { return applies(marker, extra: "") }
        switch dependence[index][position] {
        case .values(let named): return applies(marker, extra: named.contains(extra) ? extra : Self.otherExtra)
        case .any:
            guard anyBudget > 0 else { return applies(marker, extra: Self.otherExtra) }
            anyBudget -= 1
            return applies(marker, extra: extra)
        }
    }

    /// The extras requested of each project, by the requirements that apply: a worklist of
    /// (distribution, extra) pairs, each looked at once, so that a chain of extras costs its
    /// length, not a pass per link.
    mutating func requestedExtras(order: [Int], visible: [String: Int]) -> [String: Set<String>] {
        var requested: [String: Set<String>] = [:]
        var work: [(index: Int, extra: String)] = order.map { ($0, "") }
        // Per distribution: requirements (with extras of their own) by an extra their marker
        // names, those that depend on every extra, and those whose "any other extra" answer
        // is still to be applied.
        var byNamedExtra: [[String: [Int]]] = Array(repeating: [:], count: distributions.count)
        var dependingOnAny: [[Int]] = Array(repeating: [], count: distributions.count)
        var otherPending: [[Int]] = Array(repeating: [], count: distributions.count)
        for index in distributions.indices {
            for (position, item) in requirements[index].enumerated() where !item.requirement.extras.isEmpty {
                switch dependence[index][position] {
                case .values(let named):
                    for extra in named { byNamedExtra[index][extra, default: []].append(position) }
                    otherPending[index].append(position)
                case .any: dependingOnAny[index].append(position)
                }
            }
        }
        func request(_ index: Int, _ position: Int) {
            let (_, requirement, name) = requirements[index][position]
            for wanted in requirement.extras.map(PackageName.normalize)
            where requested[name, default: []].insert(wanted).inserted {
                if let provider = visible[name] { work.append((provider, wanted)) }
            }
        }
        while let (index, extra) = work.popLast() {
            if extra.isEmpty {
                for (position, item) in requirements[index].enumerated() where !item.requirement.extras.isEmpty {
                    if applies(index, position, extra: "") { request(index, position) }
                }
                continue
            }
            for position in byNamedExtra[index][extra] ?? [] where applies(index, position, extra: extra) {
                request(index, position)
            }
            for position in dependingOnAny[index] where applies(index, position, extra: extra) {
                request(index, position)
            }
            // The "any other extra" answer of each requirement that does not name this one,
            // applied once: those naming it wait for an extra they do not name.
            var waiting: [Int] = []
            for position in otherPending[index] {
                guard case .values(let named) = dependence[index][position], !named.contains(extra) else {
                    waiting.append(position)
                    continue
                }
                if applies(index, position, extra: extra) { request(index, position) }
            }
            otherPending[index] = waiting
        }
        return requested
    }

    /// Each requirement once, under the first of its dependent's extras that applies: ""
    /// first, then the extras in order, of which only those the marker names and the first
    /// it does not name can differ.
    mutating func edges(order: [Int], requested: [String: Set<String>])
        -> [(dependent: Int, requirement: Requirement, name: String, text: String, extra: String?)]
    {
        var edges: [(dependent: Int, requirement: Requirement, name: String, text: String, extra: String?)] = []
        for index in order {
            let wanted = requested[distributions[index].normalizedName] ?? []
            let sorted = wanted.sorted()
            for (position, (text, requirement, name)) in requirements[index].enumerated() {
                var candidates: [String]
                switch dependence[index][position] {
                case .values(let named):
                    candidates = named.filter { wanted.contains($0) }
                    if let other = sorted.first(where: { !named.contains($0) }) { candidates.append(other) }
                    candidates.sort()
                case .any:
                    candidates = sorted
                }
                guard let extra = ([""] + candidates).first(where: { applies(index, position, extra: $0) }) else {
                    continue
                }
                edges.append((index, requirement, name, text, extra.isEmpty ? nil : extra))
            }
        }
        return edges
    }
}
