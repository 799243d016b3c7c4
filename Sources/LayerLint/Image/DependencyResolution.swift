import LambdaPlatform
import PythonPackaging

/// Every `Requires-Dist` that applies on the target, and what satisfies it: a distribution
/// in the image, the runtime's own copy, or nothing. D001, D002 and D003 read it.
struct DependencyResolution {
    enum Outcome {
        /// Found in the image (the first copy on `sys.path`).
        case image(InstalledDistribution)
        /// Not in the image, but the runtime has its own copy in `path`; `versions` is the
        /// range AWS ships where the catalog knows one.
        case runtime(path: String, versions: SpecifierSet?)
        case missing
    }

    struct Edge {
        /// The distribution that has the requirement (a reference: its edges share it).
        let dependent: InstalledDistribution
        let requirement: Requirement
        /// The requirement's line as written in the metadata.
        let text: String
        /// The extra of `dependent` that brought the requirement in, if any.
        let extra: String?
        let outcome: Outcome
    }

    let edges: [Edge]

    /// Follows the requirements of every distribution on the search path, with markers
    /// evaluated for the target. Extras are followed only where some requirement asks for
    /// them (`requests[socks]`). Without an architecture a marker counts only when it holds
    /// on both.
    ///
    /// - Returns: `nil` when the target has no Python runtime.
    init?(image: LayerImage, target: Target) {
        guard let runtime = target.runtime, let python = runtime.python else { return nil }
        // Lambda keeps runtimes on a late patch release; `python_full_version` markers about
        // early patches of the same minor version are rare.
        let fullVersion = python.version + ".99"
        let machines = target.architecture.map { [$0.machine] } ?? ["x86_64", "aarch64"]
        // One environment per machine and extra, made once: building one is a dictionary.
        var environments: [String: [MarkerEnvironment]] = [:]
        func applies(_ marker: Marker?, extra: String) -> Bool {
            guard let marker else { return extra.isEmpty }
            let forExtra =
                environments[extra]
                ?? machines.map { .lambda(pythonFullVersion: fullVersion, machine: $0, extra: extra) }
            environments[extra] = forExtra
            return forExtra.allSatisfy { (try? marker.evaluate(in: $0)) ?? false }
        }
        let distributions = image.distributions
        // The first copy of each name on the search path, as indexes into `distributions`.
        var visible: [String: Int] = [:]
        for (index, distribution) in distributions.enumerated() where visible[distribution.normalizedName] == nil {
            visible[distribution.normalizedName] = index
        }
        let order = visible.values.sorted { distributions[$0].folder < distributions[$1].folder }
        // Each distribution's parsed requirements with their normalized names, made once.
        let requirements = distributions.map { distribution in
            distribution.requiresDist.compactMap { text, parsed in
                (try? parsed.get()).map { (text: text, requirement: $0, name: $0.normalizedName) }
            }
        }
        // Extras requested of each project: a worklist of (distribution, extra) pairs, each
        // looked at once, so that a chain of extras costs its length, not a pass per link.
        var requested: [String: Set<String>] = [:]
        var work: [(index: Int, extra: String)] = order.map { ($0, "") }
        while let (index, extra) = work.popLast() {
            for (_, requirement, name) in requirements[index] where !requirement.extras.isEmpty {
                guard applies(requirement.marker, extra: extra) else { continue }
                for wanted in requirement.extras.map(PackageName.normalize)
                where requested[name, default: []].insert(wanted).inserted {
                    if let provider = visible[name] { work.append((provider, wanted)) }
                }
            }
        }
        // Each requirement once, under the first of its dependent's extras that applies.
        var edges: [(dependent: Int, requirement: Requirement, name: String, text: String, extra: String?)] = []
        for index in order {
            let extras = [""] + (requested[distributions[index].normalizedName] ?? []).sorted()
            for (text, requirement, name) in requirements[index] {
                guard let extra = extras.first(where: { applies(requirement.marker, extra: $0) }) else { continue }
                edges.append((index, requirement, name, text, extra.isEmpty ? nil : extra))
            }
        }
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
    static func describe(_ edge: Edge) -> String {
        edge.dependent.displayName + (edge.extra.map { " (for its extra \"\($0)\")" } ?? "")
    }

    /// `idna<4,>=2.5`: the requirement without its marker.
    static func requirementText(_ requirement: Requirement) -> String {
        let extras = requirement.extras.isEmpty ? "" : "[\(requirement.extras.joined(separator: ","))]"
        return requirement.name + extras + requirement.specifier.description
    }
}

/// Whether two specifier sets admit a common version, tested on the versions their bounds
/// name and the versions just above and below them. Exact for the ranges metadata uses
/// (`>=`, `<`, `!=`, `==`, `~=`, wildcards).
enum SpecifierOverlap {
    static func overlaps(_ lhs: SpecifierSet, _ rhs: SpecifierSet) -> Bool {
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
