/// The fields of a distribution's `METADATA` (or `PKG-INFO`) that layerlint reasons about.
///
/// Covers metadata versions 1.0 to 2.4. Only the header is read; the body (a long
/// description) is ignored. Each `Requires-Dist` is parsed separately so that one bad line
/// becomes one finding, not a lost distribution.
public struct CoreMetadata: Sendable {
    public let metadataVersion: String?
    public let name: String
    /// The version as written; `version` is its parsed form when it is valid PEP 440.
    public let versionText: String
    public let version: Version?
    public let requiresPython: SpecifierSet?
    /// `Requires-Python` as written, which may be present but invalid.
    public let requiresPythonText: String?
    public let providesExtra: [String]
    /// Every `Requires-Dist` line, parsed or with the reason it could not be.
    public let requiresDist: [(text: String, requirement: Result<Requirement, RequirementError>)]

    /// Parses a `METADATA` file.
    ///
    /// - Throws: `CoreMetadataError.missingField` when `Name` or `Version` is absent (the
    ///   file is truncated or not metadata at all).
    public init(_ text: String) throws(CoreMetadataError) {
        let header = HeaderFields(text)
        guard let name = header.value("Name"), !name.isEmpty else { throw .missingField("Name") }
        guard let versionText = header.value("Version"), !versionText.isEmpty else { throw .missingField("Version") }
        self.metadataVersion = header.value("Metadata-Version")
        self.name = name
        self.versionText = versionText
        self.version = try? Version(versionText)
        self.requiresPythonText = header.value("Requires-Python")
        self.requiresPython = requiresPythonText.flatMap { try? SpecifierSet($0) }
        self.providesExtra = header.values("Provides-Extra")
        self.requiresDist = header.values("Requires-Dist").map { line in
            (line, Result { () throws(RequirementError) -> Requirement in try Requirement(line) })
        }
    }

    /// The PEP 503 normalized name.
    public var normalizedName: String { PackageName.normalize(name) }

    /// The requirements that parsed.
    public var requirements: [Requirement] {
        requiresDist.compactMap { try? $0.requirement.get() }
    }
}

/// Why a metadata file cannot be used.
public enum CoreMetadataError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingField(String)

    public var description: String {
        switch self {
        case .missingField(let field): return "the metadata has no \(field) field"
        }
    }
}
