import Foundation
import TestSupport
import Testing

/// Rules run side by side on threads, and the opening stage reads on threads too: a report
/// must still be the same, byte for byte, from one run to the next, in every format.
@Suite struct DeterminismTests {
    let cli = CommandRunner()

    /// Layers with many findings of many rules, grouped findings among them.
    static let layers = [
        "Fixtures/layers/deps-boto3-stack.zip", "Fixtures/layers/native-x86_64.zip",
        "Fixtures/layers/native-vendored.zip", "Fixtures/layers/group-loose-binary.zip",
        "Fixtures/layers/layout-venv.zip", "Fixtures/layers/deps-conflict.zip",
    ]

    @Test(arguments: ["text", "json", "sarif", "github", "junit", "gitlab"])
    func everyFormatIsTheSameTwice(format: String) throws {
        for layer in Self.layers {
            let arguments = ["check", layer, "--runtime", "python3.12", "--arch", "arm64", "--format", format]
            let first = try cli.run(arguments)
            let second = try cli.run(arguments)
            #expect(first.status == 0 || first.status == 1, "\(layer) \(format): \(first.stderr)")
            #expect(!first.stdout.isEmpty)
            #expect(first.stdout == second.stdout, "\(layer) --format \(format) differs between two runs")
            #expect(first.stderr == second.stderr)
        }
    }

    @Test func whyAndInspectAreTheSameTwice() throws {
        let runs = [
            ["why", "requests", "Fixtures/layers/deps-boto3-stack.zip", "--runtime", "python3.12", "--format", "json"],
            ["why", "numpy", "Fixtures/layers/native-x86_64.zip", "--runtime", "python3.12", "--arch", "arm64"],
            [
                "inspect", "Fixtures/layers/deps-boto3-stack.zip", "Fixtures/layers/native-vendored.zip", "--format",
                "json",
            ],
        ]
        for arguments in runs {
            let first = try cli.run(arguments)
            let second = try cli.run(arguments)
            #expect(first.stdout == second.stdout && first.status == second.status, "\(arguments)")
            #expect(!first.stdout.isEmpty)
        }
    }
}
