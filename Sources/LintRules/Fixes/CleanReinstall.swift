import ImageModel
import PythonPackaging

/// The fix that rebuilds some distributions of one install folder for the target.
///
/// `pip install --upgrade --target` replaces the top-level folders it installs, but leaves
/// the old version's `.dist-info` beside the new one (its name holds the version), and it
/// installs every dependency again, in the newest version unless one is pinned. So the fix
/// removes what the distributions and their dependencies in the same folder installed, and
/// pins each of them to the version the layer has: nothing stale stays behind, nothing
/// else moves. Only the projects in `changing` get another version.
enum CleanReinstall {
    /// `rm -rf …  && pip install … name==version …` for `roots` and the layer's copies of
    /// their dependencies (by name, in the same folder of the same layer). `changing` maps a
    /// normalized project name to the requirement to install instead of its pin
    /// (`requests>=2.26.0`); a requirement whose project is not among them is added.
    /// `alsoRemoving` are more member paths to remove first (a stale `.dist-info`).
    static func command(
        _ roots: [InstalledDistribution], changing: [String: String] = [:], alsoRemoving: [String] = [],
        context: LintContext
    ) -> String {
        guard let first = roots.first else { return "" }
        let image = context.image
        let inFolder = image.distributions.filter {
            $0.source == first.source && $0.searchFolder == first.searchFolder
        }
        var byName: [String: InstalledDistribution] = [:]
        for distribution in inFolder where byName[distribution.normalizedName] == nil {
            byName[distribution.normalizedName] = distribution
        }
        // The closure, as a worklist (the input decides its depth).
        var closure: [InstalledDistribution] = []
        var seen = Set<String>()
        var pending = roots
        var position = 0
        while position < pending.count {
            let next = pending[position]
            position += 1
            guard seen.insert(next.normalizedName).inserted else { continue }
            closure.append(next)
            for requirement in next.requirements {
                if let dependency = byName[requirement.normalizedName], !seen.contains(dependency.normalizedName) {
                    pending.append(dependency)
                }
            }
        }
        let target = image.installFolder(of: first)
        let names = Set(closure.map(\.normalizedName))
        // Top-level items that a distribution outside the closure also installed (a namespace
        // folder such as google/) stay.
        var shared = Set<Substring>()
        for distribution in inFolder where !names.contains(distribution.normalizedName) {
            shared.formUnion(topLevelItems(of: distribution))
        }
        var removed: [String] = alsoRemoving
        var listed = Set(alsoRemoving)
        for distribution in closure {
            let items = topLevelItems(of: distribution).filter { !shared.contains($0) }.map { target + "/" + $0 }
            for path in items + [image.memberPath(distribution.folder, in: distribution.source)]
            where listed.insert(path).inserted {
                removed.append(path)
            }
        }
        let words =
            closure.map { changing[$0.normalizedName] ?? $0.pinnedRequirement }
            + changing.filter { !names.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value)
        return "rm -rf " + removed.map(PipCommand.shellQuoted).joined(separator: " ") + " && "
            + PipCommand.install(words, target: target, context: context)
    }

    /// The first segments of a distribution's RECORD paths inside its folder (its packages,
    /// modules and metadata folder), else its import names.
    static func topLevelItems(of distribution: InstalledDistribution) -> [Substring] {
        guard let record = distribution.record else { return distribution.importNames.map { Substring($0) } }
        var items: [Substring] = []
        var seen = Set<Substring>()
        for row in record {
            // Most rows are plain relative paths: their first segment is read off the bytes.
            var plain = row.path
            let shape = plain.withUTF8 { RecordPath.shape(of: $0) }
            if shape == .ignored { continue }
            let path: Substring
            if shape == .plain {
                path = Substring(row.path)
            } else if let resolved = RecordPath.resolve(row.path) {
                path = Substring(resolved)
            } else {
                continue
            }
            let end = path.utf8.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            let top = path[..<end]
            guard !top.isEmpty, !top.hasSuffix(".dist-info"), seen.insert(top).inserted else { continue }
            items.append(top)
        }
        return items
    }
}
