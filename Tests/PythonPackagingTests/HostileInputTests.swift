import PythonPackaging
import Testing

/// Inputs chosen to break the parsers (issue 15): deep nesting is an error, not a stack overflow.
@Suite struct HostilePackagingInputTests {
    static func nested(_ depth: Int) -> String {
        String(repeating: "(", count: depth) + "python_version >= \"3\"" + String(repeating: ")", count: depth)
    }

    @Test func markersNestUpToTheLimit() throws {
        let deepest = try Marker(Self.nested(Marker.maximumNesting))
        #expect(try deepest.evaluate(in: .lambda(pythonFullVersion: "3.12.99", machine: "x86_64")))
        #expect(throws: MarkerError.self) { try Marker(Self.nested(Marker.maximumNesting + 1)) }
    }

    /// 40,000 levels used to overflow the stack of the recursive parser.
    @Test func deepMarkersAndRequirementsAreErrors() {
        #expect(throws: MarkerError.self) { try Marker(Self.nested(40_000)) }
        #expect(throws: RequirementError.self) { try Requirement("idna; " + Self.nested(40_000)) }
    }
}
