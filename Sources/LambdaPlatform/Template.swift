import Foundation

/// A CloudFormation or SAM template, read for what layerlint needs: the functions (runtime,
/// architectures, handler, code, layers) and the layer versions they reference.
public struct Template: Sendable {
    public struct Resource: Sendable {
        public let logicalId: String
        public let type: String
        public let properties: TemplateValue
        /// The resource's `Metadata` (SAM keeps `BuildMethod` and `BuildArchitecture` there).
        public let metadata: TemplateValue?
    }

    public let file: String
    public let resources: [String: Resource]
    let parameters: [String: TemplateValue]
    let globalsFunction: TemplateValue?

    static let functionTypes: Set<String> = ["AWS::Serverless::Function", "AWS::Lambda::Function"]
    static let layerTypes: Set<String> = ["AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion"]

    /// Parses template text (YAML with short or long intrinsics, or JSON).
    ///
    /// - Throws: `LambdaConfigError.malformedTemplate` or `.notATemplate`, naming `file`.
    public init(text: String, file: String) throws(LambdaConfigError) {
        let root: TemplateValue
        do {
            root = try TemplateValue.parse(text)
        } catch {
            throw .malformedTemplate(file: file, detail: error.message)
        }
        guard case .map(let resourceMap)? = root["Resources"] else { throw .notATemplate(file: file) }
        var resources: [String: Resource] = [:]
        for (logicalId, value) in resourceMap {
            guard let type = value["Type"]?.string else { continue }
            resources[logicalId] = Resource(
                logicalId: logicalId, type: type, properties: value["Properties"] ?? .map([:]),
                metadata: value["Metadata"])
        }
        var parameters: [String: TemplateValue] = [:]
        if case .map(let parameterMap)? = root["Parameters"] {
            for (name, value) in parameterMap { if let fallback = value["Default"] { parameters[name] = fallback } }
        }
        self.file = file
        self.resources = resources
        self.parameters = parameters
        self.globalsFunction = root["Globals"]?["Function"]
    }

    /// Logical ids of the template's functions, sorted.
    public var functionIds: [String] {
        resources.values.filter { Self.functionTypes.contains($0.type) }.map(\.logicalId).sorted()
    }

    /// The function `name` (a logical id), or the only function when `name` is `nil`.
    ///
    /// - Throws: `LambdaConfigError` when the template has no function, not that one, or
    ///   several and no name; or when the function is a container image.
    public func function(named name: String?) throws(LambdaConfigError) -> TemplateFunction {
        let available = functionIds
        guard !available.isEmpty else { throw .noFunctions(file: file) }
        let chosen: String
        if let name {
            guard available.contains(name) else {
                throw .functionNotFound(file: file, name: name, available: available)
            }
            chosen = name
        } else {
            guard available.count == 1, let only = available.first else {
                throw .functionNotChosen(file: file, available: available)
            }
            chosen = only
        }
        guard let resource = resources[chosen] else {
            throw .functionNotFound(file: file, name: chosen, available: available)
        }
        // SAM applies Globals.Function to its own functions only.
        let properties =
            resource.type == "AWS::Serverless::Function" && globalsFunction != nil
            ? Self.samMerge(global: globalsFunction ?? .null, local: resource.properties) : resource.properties
        if properties["PackageType"]?.string == "Image" { throw .imageFunction(file: file, name: chosen) }

        let architectures = try AWSJSON.architectures(
            (properties["Architectures"].flatMap(resolved)?.listValue ?? []).compactMap { resolved($0)?.string },
            file: file)
        let codeKey = resource.type == "AWS::Serverless::Function" ? "CodeUri" : "Code"
        return TemplateFunction(
            logicalId: chosen, type: resource.type,
            runtime: properties["Runtime"].flatMap(resolved)?.string,
            architectures: architectures.isEmpty ? [.x86_64] : architectures,
            handler: properties["Handler"].flatMap(resolved)?.string,
            codeLocation: properties[codeKey].flatMap(resolved)?.string,
            layers: try (properties["Layers"].flatMap(resolved)?.listValue ?? []).map(layer),
            environment: environment(properties["Environment"]?["Variables"]))
    }

    /// `Environment.Variables` whose values are literal strings (or parameters' defaults); a
    /// value only a deployment knows (`!GetAtt`, `!Sub`) is left out.
    private func environment(_ variables: TemplateValue?) -> [String: String] {
        guard case .map(let members)? = variables else { return [:] }
        var environment: [String: String] = [:]
        for (name, value) in members {
            if let text = resolved(value)?.string { environment[name] = text }
        }
        return environment
    }

    /// What a `Layers` item refers to.
    private func layer(_ value: TemplateValue) throws(LambdaConfigError) -> TemplateLayer {
        if case .intrinsic("Ref", .scalar(let target)) = value {
            if let resource = resources[target], Self.layerTypes.contains(resource.type) {
                return .resource(try layerVersion(resource))
            }
            if let fallback = parameters[target]?.string { return .arn(fallback) }
            return .unresolved("!Ref \(target)")
        }
        if let arn = value.string { return .arn(arn) }
        if case .intrinsic(let name, let argument) = value, name == "Fn::Sub",
            let text = argument.string ?? argument.listValue?.first?.string
        {
            return .arn(text)
        }
        return .unresolved("\(value)")
    }

    private func layerVersion(_ resource: Resource) throws(LambdaConfigError) -> TemplateLayerVersion {
        let properties = resource.properties
        func strings(_ key: String) -> [String] {
            (properties[key].flatMap(resolved)?.listValue ?? []).compactMap { resolved($0)?.string }
        }
        let architectures = try AWSJSON.architectures(strings("CompatibleArchitectures"), file: file)
        let buildArchitecture = resource.metadata?["BuildArchitecture"]?.string
        let contentKey = resource.type == "AWS::Serverless::LayerVersion" ? "ContentUri" : "Content"
        return TemplateLayerVersion(
            logicalId: resource.logicalId, file: file, compatibleRuntimes: strings("CompatibleRuntimes"),
            compatibleArchitectures: architectures, contentLocation: properties[contentKey].flatMap(resolved)?.string,
            buildMethod: resource.metadata?["BuildMethod"]?.string,
            buildArchitecture: buildArchitecture.flatMap { Architecture(spelling: $0) })
    }

    /// A value with `!Ref Parameter` replaced by the parameter's default, when it has one.
    private func resolved(_ value: TemplateValue) -> TemplateValue? {
        if case .intrinsic("Ref", .scalar(let name)) = value, resources[name] == nil {
            return parameters[name] ?? value
        }
        return value
    }

    /// SAM's Globals rules: the function's own scalar wins, maps merge key by key, lists
    /// are concatenated (globals first), and an intrinsic counts as a scalar.
    static func samMerge(global: TemplateValue, local: TemplateValue) -> TemplateValue {
        switch (global, local) {
        case (.map(let globalMembers), .map(let localMembers)):
            var merged = globalMembers
            for (key, value) in localMembers {
                merged[key] = globalMembers[key].map { samMerge(global: $0, local: value) } ?? value
            }
            return .map(merged)
        case (.list(let globalValues), .list(let localValues)):
            return .list(globalValues + localValues)
        default:
            return local
        }
    }
}

/// A function as a template defines it, Globals applied.
public struct TemplateFunction: Sendable {
    public let logicalId: String
    public let type: String
    public let runtime: String?
    public let architectures: [Architecture]
    public let handler: String?
    /// `CodeUri` or `Code` when it is a plain path or URI.
    public let codeLocation: String?
    /// The function's layers, in order.
    public let layers: [TemplateLayer]
    /// `Environment.Variables` with literal values (`LD_LIBRARY_PATH`), Globals applied.
    public let environment: [String: String]
}

/// What a function's `Layers` item refers to.
public enum TemplateLayer: Sendable {
    /// A layer version defined in the same template.
    case resource(TemplateLayerVersion)
    /// A layer version ARN (literal, a parameter's default, or a `!Sub` pattern).
    case arn(String)
    /// Something layerlint cannot resolve without deploying (`!GetAtt`, `!ImportValue`, ...).
    case unresolved(String)
}

/// A layer version resource of the template.
public struct TemplateLayerVersion: Sendable {
    public let logicalId: String
    public let file: String
    public let compatibleRuntimes: [String]
    public let compatibleArchitectures: [Architecture]
    public let contentLocation: String?
    public let buildMethod: String?
    public let buildArchitecture: Architecture?
}

extension TemplateLayerVersion {
    /// The same facts as layer metadata from the AWS CLI, for rules that compare either
    /// with the function; `file` names the template and the resource.
    ///
    /// `sam build` builds the layer for `Metadata.BuildArchitecture`, so without
    /// `CompatibleArchitectures` that is the architecture the layer claims.
    public var asMetadata: LayerVersionMetadata {
        LayerVersionMetadata(
            layerArn: nil, layerVersionArn: nil, version: nil, description: nil, compatibleRuntimes: compatibleRuntimes,
            compatibleArchitectures: compatibleArchitectures.isEmpty
                ? buildArchitecture.map { [$0] } ?? [] : compatibleArchitectures,
            codeSha256: nil, codeSize: nil, file: "\(file)#\(logicalId)")
    }
}
