import Foundation

/// A function's configuration as `aws lambda get-function-configuration` prints it, or the
/// `Configuration` inside `aws lambda get-function`.
public struct FunctionConfiguration: Equatable, Sendable {
    public let functionName: String
    public let functionArn: String?
    public let runtime: String
    public let handler: String?
    /// Defaults to x86_64, as Lambda does when `Architectures` is absent.
    public let architectures: [Architecture]
    /// The ARNs of the function's layers, in the order Lambda extracts them.
    public let layerArns: [String]
    /// Environment variables; `PYTHONPATH` among them switches off `.pth` processing.
    public let environment: [String: String]
    /// Base64 of the SHA-256 of the function's deployment package.
    public let codeSha256: String?

    /// Decodes CLI output read from `file`.
    ///
    /// - Throws: `LambdaConfigError` naming `file`: malformed JSON, JSON of another
    ///   command, a container-image function, or an unknown architecture.
    public static func decode(_ data: Data, file: String) throws(LambdaConfigError) -> FunctionConfiguration {
        let raw: Raw
        do {
            let wrapper = try JSONDecoder().decode(GetFunctionWrapper.self, from: data)
            guard let configuration = wrapper.Configuration ?? wrapper.flat else {
                throw LambdaConfigError.notAFunctionConfiguration(file: file)
            }
            raw = configuration
        } catch let error as LambdaConfigError {
            throw error
        } catch let error as DecodingError {
            throw AWSJSON.describe(error, data: data, file: file, otherwise: .notAFunctionConfiguration(file: file))
        } catch {
            throw .malformedJSON(file: file, detail: "\(error)")
        }
        guard let name = raw.FunctionName else { throw .notAFunctionConfiguration(file: file) }
        if raw.PackageType == "Image" { throw .imageFunction(file: file, name: name) }
        guard let runtime = raw.Runtime else { throw .notAFunctionConfiguration(file: file) }
        return FunctionConfiguration(
            functionName: name, functionArn: raw.FunctionArn, runtime: runtime, handler: raw.Handler,
            architectures: try AWSJSON.architectures(raw.Architectures ?? ["x86_64"], file: file),
            layerArns: (raw.Layers ?? []).compactMap(\.Arn), environment: raw.Environment?.Variables ?? [:],
            codeSha256: raw.CodeSha256)
    }

    // Field names as in the Lambda API reference (and botocore's service model).
    fileprivate struct Raw: Decodable {
        struct Layer: Decodable { let Arn: String? }
        struct EnvironmentResponse: Decodable { let Variables: [String: String]? }
        let FunctionName: String?
        let FunctionArn: String?
        let Runtime: String?
        let Handler: String?
        let Architectures: [String]?
        let Layers: [Layer]?
        let PackageType: String?
        let Environment: EnvironmentResponse?
        let CodeSha256: String?
    }

    /// `get-function` wraps the configuration in `Configuration`; `get-function-configuration` does not.
    private struct GetFunctionWrapper: Decodable {
        let Configuration: Raw?
        let flat: Raw?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            Configuration = try container.decodeIfPresent(Raw.self, forKey: .Configuration)
            let flat = try Raw(from: decoder)
            self.flat = flat.FunctionName == nil ? nil : flat
        }

        enum Key: String, CodingKey { case Configuration }
    }
}

/// A layer version as `get-layer-version`, `get-layer-version-by-arn`,
/// `publish-layer-version` or one item of `list-layer-versions` print it.
public struct LayerVersionMetadata: Equatable, Sendable {
    public let layerArn: String?
    public let layerVersionArn: String?
    public let version: Int?
    public let description: String?
    /// Runtime identifiers the layer declares, as given (`python3.11`).
    public let compatibleRuntimes: [String]
    public let compatibleArchitectures: [Architecture]
    /// Base64 of the SHA-256 of the layer's ZIP; absent from `list-layer-versions` items.
    public let codeSha256: String?
    public let codeSize: Int?
    /// The file the metadata was read from, for messages.
    public let file: String

    /// Decodes CLI output read from `file`.
    ///
    /// - Throws: `LambdaConfigError` naming `file`.
    public static func decode(_ data: Data, file: String) throws(LambdaConfigError) -> LayerVersionMetadata {
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: data)
        } catch let error as DecodingError {
            throw AWSJSON.describe(error, data: data, file: file, otherwise: .notLayerMetadata(file: file))
        } catch {
            throw .malformedJSON(file: file, detail: "\(error)")
        }
        guard raw.LayerVersionArn != nil || raw.LayerArn != nil || raw.Content != nil else {
            throw .notLayerMetadata(file: file)
        }
        return LayerVersionMetadata(
            layerArn: raw.LayerArn, layerVersionArn: raw.LayerVersionArn, version: raw.Version,
            description: raw.Description, compatibleRuntimes: raw.CompatibleRuntimes ?? [],
            compatibleArchitectures: try AWSJSON.architectures(raw.CompatibleArchitectures ?? [], file: file),
            codeSha256: raw.Content?.CodeSha256, codeSize: raw.Content?.CodeSize, file: file)
    }

    private struct Raw: Decodable {
        struct Content: Decodable {
            let CodeSha256: String?
            let CodeSize: Int?
        }
        let LayerArn: String?
        let LayerVersionArn: String?
        let Version: Int?
        let Description: String?
        let CompatibleRuntimes: [String]?
        let CompatibleArchitectures: [String]?
        let Content: Content?
    }
}

/// Shared pieces of AWS JSON decoding.
enum AWSJSON {
    static func architectures(_ values: [String], file: String) throws(LambdaConfigError) -> [Architecture] {
        var result: [Architecture] = []
        for value in values {
            guard let architecture = Architecture(rawValue: value) else {
                throw .unknownArchitecture(file: file, value: value)
            }
            result.append(architecture)
        }
        return result
    }

    /// Turns a decoding error into a sentence: broken JSON, or JSON of the wrong shape.
    ///
    /// `JSONDecoder` only says that the data is not JSON; `JSONSerialization` says where
    /// it broke ("Unexpected end of file during JSON parse."), so its words are used.
    static func describe(_ error: DecodingError, data: Data, file: String, otherwise: LambdaConfigError)
        -> LambdaConfigError
    {
        guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else { return otherwise }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch let serializationError as NSError {
            if let detail = serializationError.userInfo[NSDebugDescriptionErrorKey] as? String {
                return .malformedJSON(file: file, detail: detail)
            }
        }
        return .malformedJSON(file: file, detail: context.debugDescription)
    }
}
