import ImageModel
import LambdaPlatform

/// How to declare another runtime or architecture for a layer: the AWS CLI command that
/// publishes the checked ZIP again with the list extended, when the metadata names the
/// layer; the template property to extend, when the metadata came from a template.
enum PublishCommand {
    /// The layer's name in an ARN (`arn:aws:lambda:us-east-1:123456789012:layer:deps:3` →
    /// `deps`), or `nil`.
    static func layerName(_ metadata: LayerVersionMetadata) -> String? {
        guard let arn = metadata.layerVersionArn ?? metadata.layerArn else { return nil }
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard let layer = parts.firstIndex(of: "layer"), layer + 1 < parts.count, !parts[layer + 1].isEmpty else {
            return nil
        }
        return String(parts[layer + 1])
    }

    /// The change that lists `runtimes` and `architectures` for the layer in `input`.
    static func declaring(
        runtimes: [String], architectures: [Architecture], input: CheckInput, metadata: LayerVersionMetadata
    ) -> String {
        guard let name = layerName(metadata) else {
            let property = runtimes != metadata.compatibleRuntimes ? "CompatibleRuntimes" : "CompatibleArchitectures"
            let values =
                property == "CompatibleRuntimes" ? runtimes : architectures.map(\.rawValue)
            return "set \(property) to [\(values.joined(separator: ", "))] in \(metadata.file)"
        }
        var words = [
            "aws", "lambda", "publish-layer-version", "--layer-name", name, "--zip-file", "fileb://" + input.path,
        ]
        if !runtimes.isEmpty { words += ["--compatible-runtimes"] + runtimes }
        if !architectures.isEmpty { words += ["--compatible-architectures"] + architectures.map(\.rawValue) }
        return words.map(PipCommand.shellQuoted).joined(separator: " ")
    }
}
