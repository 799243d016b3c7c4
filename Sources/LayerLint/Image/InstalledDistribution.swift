import PythonPackaging
import ZipArchive

/// A distribution installed in the image: a `.dist-info` folder (pip, wheels) or an
/// `.egg-info` folder or file (setuptools, `setup.py install`).
public struct InstalledDistribution: Sendable {
    public enum Kind: String, Sendable {
        case distInfo = "dist-info"
        case eggInfo = "egg-info"
    }

    /// The distribution's facts, shared by every copy: edges, findings and lookups hold a
    /// distribution by reference (a hostile layer with 100,000 of them must not be copied
    /// whole for each use).
    private final class Storage: Sendable {
        let kind: Kind
        let folder: String
        let searchFolder: String
        let source: Int
        let metadataPath: String
        let name: String
        let normalizedName: String
        let versionText: String?
        let version: Version?
        let metadata: CoreMetadata?
        let metadataProblem: String?
        let requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)]
        let record: [RecordEntry]?
        let recordPath: String?
        let recordProblem: String?
        let importNames: [String]
        let replacedIn: [Int]
        let wheel: WheelMetadata?
        let wheelPath: String?
        let corruptMembers: [(source: Int, member: CorruptMember)]

        init(
            kind: Kind,
            folder: String,
            searchFolder: String,
            source: Int,
            metadataPath: String,
            name: String,
            normalizedName: String,
            versionText: String?,
            version: Version?,
            metadata: CoreMetadata?,
            metadataProblem: String?,
            requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)],
            record: [RecordEntry]?,
            recordPath: String?,
            recordProblem: String?,
            importNames: [String],
            replacedIn: [Int],
            wheel: WheelMetadata?,
            wheelPath: String?,
            corruptMembers: [(source: Int, member: CorruptMember)] = []
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

    private let storage: Storage

    init(
        kind: Kind,
        folder: String,
        searchFolder: String,
        source: Int,
        metadataPath: String,
        name: String,
        normalizedName: String,
        versionText: String?,
        version: Version?,
        metadata: CoreMetadata?,
        metadataProblem: String?,
        requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)],
        record: [RecordEntry]?,
        recordPath: String?,
        recordProblem: String?,
        importNames: [String],
        replacedIn: [Int],
        wheel: WheelMetadata?,
        wheelPath: String?,
        corruptMembers: [(source: Int, member: CorruptMember)] = []
    ) {
        storage = Storage(
            kind: kind, folder: folder, searchFolder: searchFolder, source: source, metadataPath: metadataPath,
            name: name, normalizedName: normalizedName, versionText: versionText, version: version, metadata: metadata,
            metadataProblem: metadataProblem, requiresDist: requiresDist, record: record, recordPath: recordPath,
            recordProblem: recordProblem, importNames: importNames, replacedIn: replacedIn, wheel: wheel,
            wheelPath: wheelPath, corruptMembers: corruptMembers)
    }

    public var kind: Kind { storage.kind }

    /// The absolute path of the `.dist-info` folder (or `.egg-info` folder or file).
    public var folder: String { storage.folder }

    /// The search folder it sits in.
    public var searchFolder: String { storage.searchFolder }

    /// The archive of its metadata file (index into `LayerImage.sources`), and the member path
    /// of that file, or of the folder's first member when the metadata file is missing.
    public var source: Int { storage.source }

    public var metadataPath: String { storage.metadataPath }

    /// The project name: from the metadata, or from the folder name when the metadata is unusable.
    public var name: String { storage.name }

    public var normalizedName: String { storage.normalizedName }

    /// The version as written, and parsed when it is valid PEP 440.
    public var versionText: String? { storage.versionText }

    public var version: Version? { storage.version }

    /// The parsed metadata, or `nil` with `metadataProblem` saying why.
    public var metadata: CoreMetadata? { storage.metadata }

    public var metadataProblem: String? { storage.metadataProblem }

    /// `Requires-Dist` lines (for `.egg-info`, those of `requires.txt`), parsed or with the reason they are not.
    public var requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)] {
        storage.requiresDist
    }

    /// RECORD's rows and its member path, when the distribution has one.
    public var record: [RecordEntry]? { storage.record }

    public var recordPath: String? { storage.recordPath }

    public var recordProblem: String? { storage.recordProblem }

    /// The top-level import names it installs: `top_level.txt`, else the first part of
    /// each RECORD path, else its name with `-` turned into `_`.
    public var importNames: [String] { storage.importNames }

    /// Earlier archives whose copy of the same metadata file this one replaced in `/opt`.
    public var replacedIn: [Int] { storage.replacedIn }

    /// The `WHEEL` file (wheel tags, generator), when the distribution has one, and its member path.
    public var wheel: WheelMetadata? { storage.wheel }

    public var wheelPath: String? { storage.wheelPath }

    /// Its metadata members whose data was found corrupt when read (Z001): the source
    /// (index into `LayerImage.sources`) and the member.
    var corruptMembers: [(source: Int, member: CorruptMember)] { storage.corruptMembers }

    /// `requests 2.32.3`, or the name alone when the version is unknown.
    public var displayName: String { versionText.map { "\(name) \($0)" } ?? name }

    /// `requests==2.32.3` for a pip line that installs this version again, or the name alone.
    var pinnedRequirement: String { versionText.map { "\(name)==\($0)" } ?? name }

    /// The requirements that parsed.
    public var requirements: [Requirement] { requiresDist.compactMap { try? $0.requirement.get() } }
}
