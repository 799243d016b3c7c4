import PythonPackaging
import ZipArchive

/// A distribution installed in the image: a `.dist-info` folder (pip, wheels) or an
/// `.egg-info` folder or file (setuptools, `setup.py install`).
package struct InstalledDistribution: Sendable {
    package enum Kind: String, Sendable {
        case distInfo = "dist-info"
        case eggInfo = "egg-info"
    }

    /// What is known about a distribution (each documented at the property of the same
    /// name), made once by the opening stage.
    package struct Facts: Sendable {
        package var kind: Kind
        package var folder: String
        package var searchFolder: String
        package var source: Int
        package var metadataPath: String
        package var name: String
        package var normalizedName: String
        package var versionText: String?
        package var version: Version?
        package var metadata: CoreMetadata?
        package var metadataProblem: String?
        package var requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)]
        package var record: [RecordEntry]?
        package var recordPath: String?
        package var recordProblem: String?
        package var importNames: [String]
        package var replacedIn: [Int]
        package var wheel: WheelMetadata?
        package var wheelPath: String?
        package var corruptMembers: [(source: Int, member: CorruptMember)] = []

        package init(
            kind: Kind, folder: String, searchFolder: String, source: Int, metadataPath: String, name: String,
            normalizedName: String, versionText: String?, version: Version?, metadata: CoreMetadata?,
            metadataProblem: String?,
            requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)], record: [RecordEntry]?,
            recordPath: String?, recordProblem: String?, importNames: [String], replacedIn: [Int],
            wheel: WheelMetadata?, wheelPath: String?, corruptMembers: [(source: Int, member: CorruptMember)] = []
        ) {
            self.kind = kind
            self.folder = folder
            self.searchFolder = searchFolder
            self.source = source
            self.metadataPath = metadataPath
            self.name = name
            self.normalizedName = normalizedName
            self.versionText = versionText
            self.version = version
            self.metadata = metadata
            self.metadataProblem = metadataProblem
            self.requiresDist = requiresDist
            self.record = record
            self.recordPath = recordPath
            self.recordProblem = recordProblem
            self.importNames = importNames
            self.replacedIn = replacedIn
            self.wheel = wheel
            self.wheelPath = wheelPath
            self.corruptMembers = corruptMembers
        }
    }

    /// The facts behind one reference, shared by every copy of the distribution: edges,
    /// findings and lookups hold it by reference (a hostile layer with 100,000 distributions
    /// must not be copied whole for each use).
    private final class Box: Sendable {
        package let facts: Facts
        package init(_ facts: Facts) { self.facts = facts }
    }

    private let box: Box

    package init(_ facts: Facts) { box = Box(facts) }

    package var kind: Kind { box.facts.kind }

    /// The absolute path of the `.dist-info` folder (or `.egg-info` folder or file).
    package var folder: String { box.facts.folder }

    /// The search folder it sits in.
    package var searchFolder: String { box.facts.searchFolder }

    /// The archive of its metadata file (index into `LayerImage.sources`), and the member path
    /// of that file, or of the folder's first member when the metadata file is missing.
    package var source: Int { box.facts.source }

    package var metadataPath: String { box.facts.metadataPath }

    /// The project name: from the metadata, or from the folder name when the metadata is unusable.
    package var name: String { box.facts.name }

    package var normalizedName: String { box.facts.normalizedName }

    /// The version as written, and parsed when it is valid PEP 440.
    package var versionText: String? { box.facts.versionText }

    package var version: Version? { box.facts.version }

    /// The parsed metadata, or `nil` with `metadataProblem` saying why.
    package var metadata: CoreMetadata? { box.facts.metadata }

    package var metadataProblem: String? { box.facts.metadataProblem }

    /// `Requires-Dist` lines (for `.egg-info`, those of `requires.txt`), parsed or with the reason they are not.
    package var requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)] {
        box.facts.requiresDist
    }

    /// RECORD's rows and its member path, when the distribution has one.
    package var record: [RecordEntry]? { box.facts.record }

    package var recordPath: String? { box.facts.recordPath }

    package var recordProblem: String? { box.facts.recordProblem }

    /// The top-level import names it installs: `top_level.txt`, else the first part of
    /// each RECORD path, else its name with `-` turned into `_`.
    package var importNames: [String] { box.facts.importNames }

    /// Earlier archives whose copy of the same metadata file this one replaced in `/opt`.
    package var replacedIn: [Int] { box.facts.replacedIn }

    /// The `WHEEL` file (wheel tags, generator), when the distribution has one, and its member path.
    package var wheel: WheelMetadata? { box.facts.wheel }

    package var wheelPath: String? { box.facts.wheelPath }

    /// Its metadata members whose data was found corrupt when read (Z001): the source
    /// (index into `LayerImage.sources`) and the member.
    package var corruptMembers: [(source: Int, member: CorruptMember)] { box.facts.corruptMembers }

    /// `requests 2.32.3`, or the name alone when the version is unknown.
    package var displayName: String { versionText.map { "\(name) \($0)" } ?? name }

    /// `requests==2.32.3` for a pip line that installs this version again, or the name alone.
    package var pinnedRequirement: String { versionText.map { "\(name)==\($0)" } ?? name }

    /// The requirements that parsed.
    package var requirements: [Requirement] { requiresDist.compactMap { try? $0.requirement.get() } }
}
