import Testing

@testable import PythonPackaging

/// Names, wheel tags and core metadata against `packaging` (names.json, tags.json,
/// metadata.json), and the other `.dist-info` files on real-shaped input.
@Suite struct MetadataTests {
    struct NameCase: Decodable {
        let name: String
        let normalized: String
        let valid: Bool
    }

    struct TagCase: Decodable {
        let tag: String
        let valid: Bool
        let expanded: [String]?
    }

    struct MetadataCase: Decodable {
        let text: String
        let name: String?
        let version: String?
        let requires_python: String?
        let requires_dist: [String]
        let provides_extra: [String]
        let metadata_version: String?
    }

    @Test func namesNormalizeAsPackagingDoes() {
        let cases = GoldenData.load("names.json", as: [NameCase].self)
        #expect(cases.count > 100)
        for item in cases {
            #expect(PackageName.normalize(item.name) == item.normalized, "\(item.name)")
            #expect(PackageName.isValid(item.name) == item.valid, "\(item.name)")
        }
    }

    @Test func fieldsKeepEmptyParts() {
        let dash = UInt8(ascii: "-")
        #expect(PythonText.fields("a--b", separator: dash) == ["a", "", "b"])
        #expect(PythonText.fields("", separator: dash) == [""] && PythonText.fields("-", separator: dash) == ["", ""])
        #expect(PythonText.fields("e\u{301}-x", separator: dash) == ["e\u{301}", "x"])
    }

    @Test func tagSetsExpandAsPackagingDoes() {
        for item in GoldenData.load("tags.json", as: [TagCase].self) {
            let ours = try? WheelTag.parseSet(item.tag).map(\.description).sorted()
            #expect(ours == (item.valid ? item.expanded : nil), "\(item.tag)")
        }
    }

    @Test func installedMetadataReadsAsPackagingReadsIt() throws {
        let cases = GoldenData.load("metadata.json", as: [MetadataCase].self)
        #expect(cases.count > 100)
        for item in cases {
            let metadata = try CoreMetadata(item.text)
            #expect(metadata.name == item.name)
            #expect(metadata.versionText == item.version)
            #expect(metadata.metadataVersion == item.metadata_version)
            #expect(metadata.requiresPythonText == item.requires_python, "\(metadata.name)")
            #expect(metadata.requiresDist.map(\.text) == item.requires_dist, "\(metadata.name)")
            #expect(metadata.providesExtra == item.provides_extra, "\(metadata.name)")
            // Every real Requires-Dist line is a valid requirement.
            #expect(metadata.requirements.count == item.requires_dist.count, "\(metadata.name)")
        }
    }

    static let requestsMetadata = """
        Metadata-Version: 2.1
        Name: requests
        Version: 2.32.3
        Requires-Python: >=3.8
        Requires-Dist: charset-normalizer<4,>=2
        Requires-Dist: idna<4,>=2.5
        Requires-Dist: urllib3<3,>=1.21.1
        Requires-Dist: certifi>=2017.4.17
        Provides-Extra: socks
        Requires-Dist: PySocks!=1.5.7,>=1.5.6; extra == "socks"
        Provides-Extra: use-chardet-on-py3
        Requires-Dist: chardet<6,>=3.0.2; extra == "use-chardet-on-py3"

        Requests is the body, which is not read.
        Requires-Dist: not-a-requirement
        """

    @Test func requestsMetadataWithItsMarkers() throws {
        let metadata = try CoreMetadata(Self.requestsMetadata)
        #expect(metadata.normalizedName == "requests")
        #expect(metadata.version == (try Version("2.32.3")))
        #expect(metadata.providesExtra == ["socks", "use-chardet-on-py3"])
        #expect(
            metadata.requirements.map(\.name) == [
                "charset-normalizer", "idna", "urllib3", "certifi", "PySocks", "chardet",
            ])
        let lambda = MarkerEnvironment.lambda(pythonFullVersion: "3.11.13", machine: "x86_64")
        let needed = metadata.requirements.filter { (try? $0.marker?.evaluate(in: lambda) ?? true) ?? false }
        #expect(needed.map(\.name) == ["charset-normalizer", "idna", "urllib3", "certifi"])
        #expect(metadata.requiresPython?.contains("3.11") == true)
        #expect(metadata.requiresPython?.contains("3.7") == false)
    }

    @Test func foldedFieldsAndCarriageReturns() throws {
        let text =
            "Metadata-Version: 2.4\r\nName: pydantic_core\r\nVersion: 2.20.1\r\nRequires-Dist: typing-extensions\r\n  >=4.6.0,!=4.7.0\r\nRequires-Python: >=3.8\r\n"
        let metadata = try CoreMetadata(text)
        #expect(metadata.normalizedName == "pydantic-core")
        #expect(metadata.requiresDist.map(\.text) == ["typing-extensions >=4.6.0,!=4.7.0"])
        #expect(metadata.requirements.first?.specifier.description == "!=4.7.0,>=4.6.0")
    }

    @Test func malformedMetadataIsATypedErrorOrAFlaggedLine() throws {
        #expect(throws: CoreMetadataError.missingField("Version")) {
            try CoreMetadata("Metadata-Version: 2.1\nName: trunc")
        }
        #expect(throws: CoreMetadataError.missingField("Name")) { try CoreMetadata("") }
        let metadata = try CoreMetadata(
            "Name: odd\nVersion: 2004d\nRequires-Dist: foo >= ; bar\nRequires-Python: >=3.8.*")
        #expect(metadata.version == nil)
        #expect(metadata.versionText == "2004d")
        #expect(metadata.requirements.isEmpty)
        #expect(metadata.requiresDist.count == 1)
        #expect(metadata.requiresPython == nil)
        #expect(metadata.requiresPythonText == ">=3.8.*")
    }

    @Test func wheelFileOfABinaryWheel() {
        let wheel = WheelMetadata(
            """
            Wheel-Version: 1.0
            Generator: maturin (1.6.0)
            Root-Is-Purelib: false
            Tag: cp311-cp311-manylinux_2_17_x86_64
            Tag: cp311-cp311-manylinux2014_x86_64
            Tag: not_a_tag

            """)
        #expect(wheel.rootIsPurelib == false)
        #expect(
            wheel.tags.map(\.description) == ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"])
        #expect(wheel.invalidTags == ["not_a_tag"])
        #expect(
            wheel.tags.map(\.platformKind) == [
                .manylinux(glibcMajor: 2, glibcMinor: 17, architecture: "x86_64"),
                .manylinux(glibcMajor: 2, glibcMinor: 17, architecture: "x86_64"),
            ])
        #expect(wheel.tags[0].cpythonInterpreter! == (3, 11))
    }

    @Test func platformTagsAreClassified() {
        #expect(PlatformKind("any") == .any)
        #expect(PlatformKind("manylinux1_x86_64") == .manylinux(glibcMajor: 2, glibcMinor: 5, architecture: "x86_64"))
        #expect(PlatformKind("manylinux2010_i686") == .manylinux(glibcMajor: 2, glibcMinor: 12, architecture: "i686"))
        #expect(
            PlatformKind("manylinux_2_28_aarch64") == .manylinux(glibcMajor: 2, glibcMinor: 28, architecture: "aarch64")
        )
        #expect(PlatformKind("musllinux_1_2_x86_64") == .musllinux(muslMajor: 1, muslMinor: 2, architecture: "x86_64"))
        #expect(PlatformKind("linux_armv7l") == .linux(architecture: "armv7l"))
        #expect(PlatformKind("macosx_11_0_arm64") == .macOS(architecture: "arm64"))
        #expect(PlatformKind("macosx_10_9_universal2") == .macOS(architecture: "universal2"))
        #expect(PlatformKind("win_amd64") == .windows(architecture: "amd64"))
        #expect(PlatformKind("win32") == .windows(architecture: "x86"))
        #expect(PlatformKind("solaris_2_11") == .unknown)
    }

    @Test func interpreterAndABITags() throws {
        let freeThreaded = try WheelTag.parseSet("cp313-cp313t-manylinux_2_34_x86_64")[0]
        #expect(freeThreaded.isFreeThreadedABI)
        #expect(freeThreaded.cpythonABI! == (3, 13))
        let stable = try WheelTag.parseSet("cp39-abi3-manylinux_2_28_x86_64")[0]
        #expect(stable.isStableABI && !stable.isFreeThreadedABI)
        #expect(try WheelTag.parseSet("cp37-cp37m-manylinux1_x86_64")[0].cpythonABI! == (3, 7))
        #expect(try WheelTag.parseSet("py3-none-any")[0].cpythonInterpreter == nil)
        #expect(throws: WheelTagError.invalid("py3-none")) { try WheelTag.parseSet("py3-none") }
    }

    @Test func recordIsCSV() throws {
        let text = """
            requests/__init__.py,sha256=IAn3Xj1lRrC6bk2r8ZxrW7T0e4vBFB4a0u7gBmYh4Kk,4944
            "requests/odd,name.py",sha256=abc,10
            "requests/quote""d.py",,
            requests-2.32.3.dist-info/RECORD,,

            """
        let entries = try Record.parse(text)
        #expect(
            entries.map(\.path) == [
                "requests/__init__.py", "requests/odd,name.py", "requests/quote\"d.py",
                "requests-2.32.3.dist-info/RECORD",
            ])
        #expect(entries[0].size == 4944)
        #expect(entries[0].hash == "sha256=IAn3Xj1lRrC6bk2r8ZxrW7T0e4vBFB4a0u7gBmYh4Kk")
        #expect(entries[2].hash == nil && entries[2].size == nil)
    }

    /// Plain lines take a fast path; lines with quotes or carriage returns the byte-by-byte
    /// one. Both must give the same fields wherever they meet.
    @Test func csvRowsAcrossBothPaths() throws {
        let cases: [(String, [[String]])] = [
            ("a,b,c\r\nd,e,f\r\n", [["a", "b", "c"], ["d", "e", "f"]]),
            ("a\rb,c\n", [["ab", "c"]]),
            ("\r\r\"q,1\",2\nplain,3\n", [["q,1", "2"], ["plain", "3"]]),
            ("\"multi\nline\",x\nnext,y", [["multi\nline", "x"], ["next", "y"]]),
            ("\n,\n,,\n", [[""], ["", ""], ["", "", ""]]),
            ("ab\"c,d\n\"e\"\"f\",g\n", [["ab\"c", "d"], ["e\"f", "g"]]),
            ("é,ü\n", [["é", "ü"]]),
        ]
        for (text, rows) in cases { #expect(try CSV.rows(text) == rows, "\(text.debugDescription)") }
    }

    /// RECORD text without quotes or lone carriage returns is cut by lines and commas; what comes
    /// out, rows and errors alike, is what the CSV reader gives for the same text.
    @Test func plainRecordsAsTheCSVReaderReadsThem() throws {
        let texts = [
            "a.py,sha256=x,1\nb/c.py,,\nRECORD,,\n", "a.py,sha256=x,1", "\n\na.py,sha256=x,12\n\n", "",
            "é/ü.py,sha256=y,+7\n", "a.py,sha256=x,1\nb.py,sha256=y\n", "a.py,h,1,2\n", ",h,1\n", "a.py,h,ten\n",
            "a.py,h,99999999999999999999\n", "a.py,h,18446744073709551615\n", "a.py,h,-0\n", "a.py\n",
            "a.py,sha256=x,1\r\nb/c.py,,\r\n", "a.py,h,1\r\n\r\nb.py,h,2", "a.py,h\r\n",
        ]
        for text in texts {
            let plain = Result { () throws(RecordError) in try Record.parsePlain(text) }
            let quoted = Result { () throws(RecordError) in try Record.parseQuoted(text) }
            #expect(plain == quoted.map(Optional.some), "\(text.debugDescription)")
        }
        // A quote or lone carriage return hands the text to the CSV reader, unless a row before it failed.
        #expect(try Record.parsePlain("a.py,h,1\n\"b,c.py\",h,2\n") == nil)
        #expect(try Record.parsePlain("a.py,h,1\rb.py,h,2\n") == nil)
        #expect(try Record.parsePlain("a.py,h,1\r\r\n") == nil)
        #expect(try Record.parsePlain("a.py,h,1\r\n")?.map(\.path) == ["a.py"])
        #expect(throws: RecordError.malformed(line: 1, reason: "expected path,hash,size but found 2 fields")) {
            try Record.parsePlain("a.py,h\n\"b,c.py\",h,2\n")
        }
        #expect(
            try Record.parse("a.py,h,1\n\"b,c.py\",h,2\n").map(\.path) == ["a.py", "b,c.py"])
        // A sign, or more digits than the direct reading takes, goes the slower way to the same value.
        #expect(try Record.parse("a.py,h,+7\nb.py,h,18446744073709551615\n").map(\.size) == [7, UInt64.max])
        #expect(try Record.parse("\"a.py\",h,+7\r\n").map(\.size) == [7])
        #expect(
            try Record.parse("a.py,sha256=x,1\nb/c.py,,\n")
                == [
                    RecordEntry(path: "a.py", hash: "sha256=x", size: 1),
                    RecordEntry(path: "b/c.py", hash: nil, size: nil),
                ])
    }

    @Test func malformedRecordNamesTheLine() {
        #expect(throws: RecordError.malformed(line: 2, reason: "expected path,hash,size but found 2 fields")) {
            try Record.parse("a.py,sha256=x,1\nb.py,sha256=y\n")
        }
        #expect(throws: RecordError.malformed(line: 1, reason: "the size \"ten\" is not a number")) {
            try Record.parse("a.py,sha256=x,ten\n")
        }
        #expect(throws: RecordError.malformed(line: 1, reason: "a quoted field is not closed")) {
            try Record.parse("\"a.py,sha256=x,1\n")
        }
    }

    @Test func topLevelAndEggInfoRequires() {
        #expect(TopLevelNames.parse("yaml\r\n_yaml\n\n") == ["yaml", "_yaml"])
        let requires = """
            six>=1.5

            [:python_version < "3.8"]
            importlib-metadata

            [socks]
            PySocks!=1.5.7,>=1.5.6

            [test:sys_platform == "win32"]
            pywin32
            """
        #expect(
            EggInfoRequires.requiresDist(requires) == [
                "six>=1.5",
                "importlib-metadata; (python_version < \"3.8\")",
                "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"",
                "pywin32; (sys_platform == \"win32\") and extra == \"test\"",
            ])
        #expect(EggInfoRequires.requiresDist(requires).allSatisfy { (try? Requirement($0)) != nil })
    }
}
