import PythonPackaging
import ZipArchive

/// A distribution installed in the image: a `.dist-info` folder (pip, wheels) or an
/// `.egg-info` folder or file (setuptools, `setup.py install`).
public struct InstalledDistribution: Sendable {
    public enum Kind: String, Sendable {
        case distInfo = "dist-info"
        case eggInfo = "egg-info"
    }

    public let kind: Kind
    /// The absolute path of the `.dist-info` folder (or `.egg-info` folder or file).
    public let folder: String
    /// The search folder it sits in.
    public let searchFolder: String
    /// The archive of its metadata file (index into `LayerImage.sources`), and the member path
    /// of that file, or of the folder's first member when the metadata file is missing.
    public let source: Int
    public let metadataPath: String
    /// The project name: from the metadata, or from the folder name when the metadata is unusable.
    public let name: String
    public let normalizedName: String
    /// The version as written, and parsed when it is valid PEP 440.
    public let versionText: String?
    public let version: Version?
    /// The parsed metadata, or `nil` with `metadataProblem` saying why.
    public let metadata: CoreMetadata?
    public let metadataProblem: String?
    /// `Requires-Dist` lines (for `.egg-info`, those of `requires.txt`), parsed or with the reason they are not.
    public let requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)]
    /// RECORD's rows and its member path, when the distribution has one.
    public let record: [RecordEntry]?
    public let recordPath: String?
    public let recordProblem: String?
    /// The top-level import names it installs: `top_level.txt`, else the first part of
    /// each RECORD path, else its name with `-` turned into `_`.
    public let importNames: [String]
    /// Earlier archives whose copy of the same metadata file this one replaced in `/opt`.
    public let replacedIn: [Int]
    /// The `WHEEL` file (wheel tags, generator), when the distribution has one, and its member path.
    public let wheel: WheelMetadata?
    public let wheelPath: String?

    /// Its metadata members whose data was found corrupt when read (Z001): the source
    /// (index into `LayerImage.sources`) and the member.
    var corruptMembers: [(source: Int, member: CorruptMember)] = []

    /// `requests 2.32.3`, or the name alone when the version is unknown.
    public var displayName: String { versionText.map { "\(name) \($0)" } ?? name }

    /// `requests==2.32.3` for a pip line that installs this version again, or the name alone.
    var pinnedRequirement: String { versionText.map { "\(name)==\($0)" } ?? name }

    /// The requirements that parsed.
    public var requirements: [Requirement] { requiresDist.compactMap { try? $0.requirement.get() } }
}
