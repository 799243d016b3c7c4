import ImageModel
import PythonPackaging

/// The installations the rules' repairs ask for, from the layer's distributions.
enum Installations {
    /// `distribution` installed again for the target: at its version first when `pinned`,
    /// else (and when that version has no wheel for the target) within what the layer's
    /// dependents require of it; its old copy removed once the new one is in hand.
    static func replacing(_ distribution: InstalledDistribution, pinned: Bool, context: LintContext) -> Installation {
        Installation(
            name: distribution.name, pinned: pinned ? distribution.versionText : nil,
            specifiers: specifiers(for: distribution.normalizedName, source: distribution.source, context: context),
            folder: context.image.installFolder(of: distribution), replacing: members(of: distribution, context: context))
    }

    /// The repair that installs `distribution` again, for a distribution of a layer (the
    /// function package is not a layer `layerlint fix` repairs).
    static func layerRepair(_ distribution: InstalledDistribution, pinned: Bool, context: LintContext) -> [Repair] {
        guard context.image.sources[distribution.source].isLayer else { return [] }
        return [.install([replacing(distribution, pinned: pinned, context: context)])]
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

    /// What the distributions of the same layer require of `project`, each specifier set once.
    static func specifiers(for project: String, source: Int, context: LintContext) -> [String] {
        var found: [String] = []
        for distribution in context.image.distributions where distribution.source == source {
            for requirement in distribution.requirements where requirement.normalizedName == project {
                let text = requirement.specifier.description
                if !text.isEmpty, !found.contains(text) { found.append(text) }
            }
        }
        return found
    }

    /// The members of a distribution's copy: its top-level packages and modules that no
    /// other distribution of the folder also installed (a namespace folder such as
    /// `google/` stays), and its `.dist-info`.
    static func members(of distribution: InstalledDistribution, context: LintContext) -> [String] {
        let image = context.image
        let folder = image.installFolder(of: distribution)
        var shared = Set<Substring>()
        for other in image.distributions
        where other.source == distribution.source && other.searchFolder == distribution.searchFolder
            && other.normalizedName != distribution.normalizedName
        {
            shared.formUnion(CleanReinstall.topLevelItems(of: other))
        }
        let prefix = folder == "." ? "" : folder + "/"
        var members = CleanReinstall.topLevelItems(of: distribution).filter { !shared.contains($0) }.map {
            prefix + $0
        }
        members.append(image.memberPath(distribution.folder, in: distribution.source))
        return members
    }
}
