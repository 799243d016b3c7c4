// swift-tools-version:6.0
import PackageDescription

/// `LAYERLINT_STATIC_ZLIB=/usr/lib/x86_64-linux-gnu/libz.a swift build ...` links that archive
/// instead of `libz.so` (scripts/package-wheel: a binary that runs where zlib is not
/// installed). Without it, zlib is the system's shared library, found with pkg-config.
let staticZlib = Context.environment["LAYERLINT_STATIC_ZLIB"].flatMap { $0.isEmpty ? nil : $0 }

let package = Package(
    name: "layerlint",
    products: [
        .library(name: "ZipArchive", targets: ["ZipArchive"]),
        .library(name: "PythonPackaging", targets: ["PythonPackaging"]),
        .library(name: "PythonSource", targets: ["PythonSource"]),
        .library(name: "BinaryFormats", targets: ["BinaryFormats"]),
        .library(name: "LambdaPlatform", targets: ["LambdaPlatform"]),
        .library(name: "ImageModel", targets: ["ImageModel"]),
        .library(name: "LintRules", targets: ["LintRules"]),
        .library(name: "LayerLint", targets: ["LayerLint"]),
        .executable(name: "layerlint", targets: ["layerlint"]),
    ],
    // Exact versions: the same sources on every machine and in every wheel (CONTRIBUTING.md
    // says why Package.resolved is not committed). swift-asn1, which swift-crypto needs, is
    // resolved within swift-crypto's own range; scripts/package-wheel records every version used.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // zlib from the system (Debian/Ubuntu: zlib1g-dev); used for raw inflate and CRC-32.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: staticZlib == nil ? "zlib" : nil,
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // glibc symbol-version pins for the portable wheel build (scripts/package-wheel).
        .target(name: "CGlibcCompat"),
        .target(
            name: "ZipArchive", dependencies: ["CZlib"],
            linkerSettings: staticZlib.map { [.unsafeFlags([$0])] } ?? [.linkedLibrary("z")]),
        // PEP 440 / 508 and core metadata, proven against `packaging` (Fixtures/golden).
        .target(name: "PythonPackaging"),
        // Python source code: a tokenizer and the imports and module-level names of a module.
        .target(name: "PythonSource"),
        // What compiled files are, from their first bytes (.pyc magic numbers; ELF/Mach-O/PE next).
        .target(name: "BinaryFormats"),
        // The Lambda model: runtimes, limits, AWS CLI JSON and templates as targets.
        .target(
            name: "LambdaPlatform",
            dependencies: [
                "PythonPackaging", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The JSON sources of EmbeddedData.swift (scripts/embed-data), not bundled: the
            // binary carries them and can be copied anywhere.
            exclude: ["Resources"]
        ),
        // The one-way flow, one target per stage (ARCHITECTURE.md says why each arrow exists).
        // The layer image: what the layers hold, merged as /opt, and the models over it (the
        // layout, the installed distributions, the dependency resolution, the import model).
        // Plain values; built by the opening stage, read by the rules.
        .target(
            name: "ImageModel",
            dependencies: ["ZipArchive", "PythonPackaging", "PythonSource", "BinaryFormats", "LambdaPlatform"]),
        // The opening stage: the only place above ZipArchive that reads files and spreads work
        // over threads. Turns paths and options into a finished `LintContext`.
        .target(
            name: "OpeningStage",
            dependencies: [
                "ImageModel", "ZipArchive", "PythonPackaging", "PythonSource", "BinaryFormats", "LambdaPlatform",
            ]),
        // The rules and the engine that runs them over a finished context: no I/O, no opening.
        .target(
            name: "LintRules",
            dependencies: [
                "ImageModel", "ZipArchive", "PythonPackaging", "PythonSource", "BinaryFormats", "LambdaPlatform",
            ]),
        // Carrying out a repair plan: a private copy of a layer, its steps, the user's pip, the
        // deterministic ZIP of the result. The only place below the commands that writes files
        // and runs a program.
        .target(name: "Repairing", dependencies: ["LintRules", "ZipArchive"]),
        // The commands (check, why, inspect, fix), configuration, baseline, reporters and output.
        .target(
            name: "LayerLint",
            dependencies: [
                "ImageModel", "OpeningStage", "LintRules", "Repairing", "ZipArchive", "PythonPackaging", "PythonSource",
                "LambdaPlatform",
                // .layerlint.toml and [tool.layerlint] in pyproject.toml.
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        .executableTarget(
            name: "layerlint",
            dependencies: [
                "CGlibcCompat",
                "LayerLint",
                "Repairing",
                "LintRules",
                "ImageModel",
                "LambdaPlatform",
                "ZipArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixture paths and golden-file snapshots shared by the test targets.
        .target(name: "TestSupport", dependencies: ["LambdaPlatform"], path: "Tests/TestSupport"),
        .testTarget(name: "ZipArchiveTests", dependencies: ["ZipArchive", "TestSupport"]),
        .testTarget(name: "PythonPackagingTests", dependencies: ["PythonPackaging", "TestSupport"]),
        .testTarget(name: "PythonSourceTests", dependencies: ["PythonSource", "TestSupport"]),
        .testTarget(name: "BinaryFormatsTests", dependencies: ["BinaryFormats", "TestSupport"]),
        .testTarget(name: "LambdaPlatformTests", dependencies: ["LambdaPlatform", "TestSupport"]),
        .testTarget(
            name: "LayerLintTests",
            dependencies: [
                "LayerLint", "LintRules", "OpeningStage", "ImageModel", "LambdaPlatform", "PythonPackaging",
                "ZipArchive",
                "TestSupport",
            ],
            exclude: ["Snapshots"]),
        // Runs the built `layerlint` binary; depending on the executable makes `swift test` build it.
        .testTarget(name: "EndToEndTests", dependencies: ["layerlint", "TestSupport"], exclude: ["Snapshots"]),
    ]
)
