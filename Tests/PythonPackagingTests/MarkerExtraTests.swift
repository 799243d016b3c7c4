import Testing

@testable import PythonPackaging

/// How a marker depends on `extra`, which lets the dependency resolution evaluate a
/// requirement for the extras its marker names and once for every other one.
@Suite struct MarkerExtraTests {
    func dependence(_ text: String) throws -> Marker.ExtraDependence {
        try Marker(text).extraDependence
    }

    @Test func namedExtrasAreNormalizedAndFoundAtAnyDepth() throws {
        #expect(try dependence("python_version >= \"3.8\"") == .values([]))
        #expect(try dependence("extra == \"Socks\"") == .values(["socks"]))
        #expect(try dependence("python_version >= \"3\" and (extra == \"a\" or \"B_c\" == extra)") == .values(["a", "b-c"]))
        #expect(try dependence("extra != \"x\"") == .values(["x"]))
        #expect(try dependence("extra in \"abc\"") == .any)
        #expect(try dependence("(os_name == \"posix\" and \"a\" not in extra)") == .any)
    }

    /// The claim the resolution rests on: for every extra a marker does not name, it is
    /// what it is for a value no extra can be.
    @Test func anExtraTheMarkerDoesNotNameActsLikeAnyOther() throws {
        let markers = [
            "extra == \"a\"", "extra != \"a\"", "extra == \"a\" or extra == \"b\"", "extra <= \"a\"",
            "extra > \"a\"", "python_version >= \"3\" and extra != \"b\"", "os_name == \"posix\"",
        ]
        let extras = ["", "a", "b", "c", "zz"]
        for text in markers {
            let marker = try Marker(text)
            guard case .values(let named) = marker.extraDependence else {
                Issue.record("\(text) depends on every extra")
                continue
            }
            let other = try marker.evaluate(in: .lambda(pythonFullVersion: "3.12.99", machine: "x86_64", extra: "\u{0}"))
            for extra in extras where !extra.isEmpty && !named.contains(extra) {
                let value = try marker.evaluate(
                    in: .lambda(pythonFullVersion: "3.12.99", machine: "x86_64", extra: extra))
                #expect(value == other, "\(text) with extra \(extra)")
            }
        }
    }
}
