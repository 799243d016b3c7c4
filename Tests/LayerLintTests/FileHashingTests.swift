import Foundation
import LambdaPlatform
@testable import OpeningStage
import TestSupport
import Testing

/// Hashing an input, which the opening stage does in chunks from a regular file only.
@Suite struct FileHashingTests {
    @Test func digestOfTheFileIsThatOfItsBytes() throws {
        for zip in ["empty.zip", "infozip-requests-layer.zip"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.zip(zip)))
            #expect(try FileDigest.sha256(ofFileAt: FixturePaths.zip(zip)) == FileDigest.sha256(of: bytes))
        }
        // make_aws_fixtures.py wrote CodeSha256 with Python's hashlib.
        let metadata = try LayerVersionMetadata.decode(
            Data(contentsOf: URL(fileURLWithPath: FixturePaths.aws("get-layer-version.json"))),
            file: "get-layer-version.json")
        #expect(
            try FileDigest.sha256(ofFileAt: FixturePaths.zip("infozip-requests-layer.zip")).base64
                == metadata.codeSha256)
    }

    @Test func unreadableFileIsATypedError() {
        #expect(throws: LambdaConfigError.unreadable(file: "/nonexistent/layer.zip", reason: "it cannot be opened")) {
            try FileDigest.sha256(ofFileAt: "/nonexistent/layer.zip")
        }
        #expect(throws: LambdaConfigError.unreadable(file: "/dev/null", reason: "it is not a regular file")) {
            try FileDigest.sha256(ofFileAt: "/dev/null")
        }
    }
}
