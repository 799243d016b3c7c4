import Foundation

/// Why a Lambda description the user gave (AWS CLI output, a template) cannot be used.
///
/// Every case names the file, so that a user passing several files knows which one to fix.
public enum LambdaConfigError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case malformedJSON(file: String, detail: String)
    /// Valid JSON, but not what `aws lambda get-function-configuration` or `get-function` prints.
    case notAFunctionConfiguration(file: String)
    /// Valid JSON, but not what the layer-version commands print.
    case notLayerMetadata(file: String)
    /// A container-image function has no runtime to check layers against.
    case imageFunction(file: String, name: String)
    case unknownArchitecture(file: String, value: String)
    case malformedTemplate(file: String, detail: String)
    /// The template has no `Resources` mapping.
    case notATemplate(file: String)
    case noFunctions(file: String)
    /// `--function` names no function of the template.
    case functionNotFound(file: String, name: String, available: [String])
    /// Several functions and no `--function` to choose one.
    case functionNotChosen(file: String, available: [String])

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .malformedJSON(let file, let detail):
            return "\(file) is not valid JSON: \(detail)"
        case .notAFunctionConfiguration(let file):
            return "\(file) is not a function configuration: expected the output of "
                + "`aws lambda get-function-configuration` or `aws lambda get-function` (with FunctionName and Runtime)"
        case .notLayerMetadata(let file):
            return "\(file) is not layer metadata: expected the output of `aws lambda get-layer-version`, "
                + "`get-layer-version-by-arn`, `publish-layer-version` or an item of `list-layer-versions`"
        case .imageFunction(let file, let name):
            return "\(file) describes \(name), a container-image function (PackageType Image): it has no Lambda "
                + "runtime and no layers to check; lint the image's contents instead"
        case .unknownArchitecture(let file, let value):
            return "\(file) names the architecture \"\(value)\"; Lambda has x86_64 and arm64"
        case .malformedTemplate(let file, let detail):
            return "\(file) is not a readable template: \(detail)"
        case .notATemplate(let file):
            return "\(file) is not a CloudFormation or SAM template: it has no Resources section"
        case .noFunctions(let file):
            return "\(file) defines no AWS::Serverless::Function or AWS::Lambda::Function"
        case .functionNotFound(let file, let name, let available):
            return "\(file) has no function \(name); its functions are: " + available.joined(separator: ", ")
        case .functionNotChosen(let file, let available):
            return "\(file) defines several functions; choose one with --function: " + available.joined(separator: ", ")
        }
    }
}
