// swift-tools-version:6.0
// The libFuzzer target for configuration files (.layerlint.toml, [tool.layerlint]): the
// bounds checked before the TOML parser, the parser (TOMLKit, toml++) and the settings read
// from its tables. Built by scripts/fuzz-configuration, with every target instrumented.
import PackageDescription

let package = Package(
    name: "ConfigurationFuzz",
    dependencies: [.package(name: "layerlint", path: "../../..")],
    targets: [
        .executableTarget(
            name: "ConfigurationFuzz",
            dependencies: [.product(name: "LayerLint", package: "layerlint")])
    ]
)
