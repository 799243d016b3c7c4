import ImageModel
import PythonPackaging

/// The installations the rules' repairs ask for, from the layer's distributions. One per
/// rule run: what it learns of the distributions (each one's top-level items, which items
/// several share, what each project is required at) is gathered once, on first use, so that
/// a layer of thousands of findings costs a pass over its RECORDs, not one per finding.
final class Installations {
    private let context: LintContext
    /// Source NUL search folder NUL item → how many distributions of that folder install it.
    private var sharing: [String: Int]?
    /// Source NUL normalized project → the specifier sets the layer's distributions require it at.
    private var requiredAt: [String: [String]]?

    init(_ context: LintContext) { self.context = context }

    /// The repair that installs `distribution` again, for a distribution of a layer (the
    /// function package is not a layer `layerlint fix` repairs).
    func layerRepair(_ distribution: InstalledDistribution, pinned: Bool) -> [Repair] {
        guard context.image.sources[distribution.source].isLayer else { return [] }
        return [.install([replacing(distribution, pinned: pinned)])]
    }

    /// `distribution` installed again for the target: at its version first when `pinned`,
    /// else (and when that version has no wheel for the target) within what the layer's
    /// dependents require of it; its old copy removed once the new one is in hand.
    func replacing(_ distribution: InstalledDistribution, pinned: Bool) -> Installation {
        Installation(
            name: distribution.name, pinned: pinned ? distribution.versionText : nil,
            specifiers: specifiers(for: distribution.normalizedName, source: distribution.source),
            folder: context.image.installFolder(of: distribution), replacing: members(of: distribution))
    }

    /// What the distributions of the same layer require of `project`, each specifier set once.
    func specifiers(for project: String, source: Int) -> [String] {
        if requiredAt == nil {
            var found: [String: [String]] = [:]
            for distribution in context.image.distributions {
                for requirement in distribution.requirements {
                    let text = requirement.specifier.description
                    let key = "\(distribution.source)\u{0}\(requirement.normalizedName)"
                    if !text.isEmpty, found[key]?.contains(text) != true { found[key, default: []].append(text) }
                }
            }
            requiredAt = found
        }
        return requiredAt?["\(source)\u{0}\(project)"] ?? []
    }

    /// The members of a distribution's copy: its top-level packages and modules that no
    /// other distribution of the folder also installed (a namespace folder such as
    /// `google/` stays), and its `.dist-info`.
    func members(of distribution: InstalledDistribution) -> [String] {
        let image = context.image
        if sharing == nil {
            var counts: [String: Int] = [:]
            for other in image.distributions {
                for item in CleanReinstall.topLevelItems(of: other) {
                    counts["\(other.source)\u{0}\(other.searchFolder)\u{0}\(item)", default: 0] += 1
                }
            }
            sharing = counts
        }
        let folder = image.installFolder(of: distribution)
        let prefix = folder == "." ? "" : folder + "/"
        let key = "\(distribution.source)\u{0}\(distribution.searchFolder)\u{0}"
        var members = CleanReinstall.topLevelItems(of: distribution).filter { (sharing?[key + $0] ?? 0) <= 1 }.map {
            prefix + $0
        }
        members.append(image.memberPath(distribution.folder, in: distribution.source))
        return members
    }

    /// `project` installed into `folder` at a requirement's specifiers (a missing dependency).
    static func adding(_ requirement: Requirement, folder: String) -> Installation {
        Installation(
            name: requirement.name, extras: requirement.extras, pinned: nil,
            specifiers: requirement.specifier.specifiers.isEmpty ? [] : [requirement.specifier.description],
            folder: folder, replacing: [])
    }

    /// The project of a requirement's text (`urllib3<3,>=1.21.1`, as `KnownProjects` gives
    /// it) installed into `folder` in place of `replacing`; `nil` when the text is no requirement.
    static func known(_ text: String, folder: String, replacing: [String]) -> Installation? {
        guard let requirement = try? Requirement(text) else { return nil }
        return Installation(
            name: requirement.name, extras: requirement.extras, pinned: nil,
            specifiers: requirement.specifier.specifiers.isEmpty ? [] : [requirement.specifier.description],
            folder: folder, replacing: replacing)
    }
}
