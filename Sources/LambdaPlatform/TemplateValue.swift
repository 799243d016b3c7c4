import Foundation
import Yams

/// A value in a CloudFormation or SAM template, with intrinsic functions kept as such.
///
/// YAML's short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) and JSON's long forms
/// (`{"Ref": "X"}`, `{"Fn::GetAtt": [...]}`) become the same `.intrinsic`, so the rest of
/// the code never cares which syntax the template used.
public indirect enum TemplateValue: Equatable, Sendable {
    case scalar(String)
    case null
    case list([TemplateValue])
    case map([String: TemplateValue])
    /// `Ref`, `Condition` or `Fn::Name`, with its argument.
    case intrinsic(String, TemplateValue)

    public var string: String? {
        if case .scalar(let value) = self { return value }
        return nil
    }

    public subscript(key: String) -> TemplateValue? {
        if case .map(let members) = self { return members[key] }
        return nil
    }

    public var listValue: [TemplateValue]? {
        if case .list(let values) = self { return values }
        return nil
    }

    // MARK: Reading

    /// Parses a template's text: JSON when it starts with `{`, YAML otherwise.
    ///
    /// - Throws: a message describing the syntax error.
    static func parse(_ text: String) throws(TemplateSyntaxError) -> TemplateValue {
        // No `catch ... as` patterns here: with typed throws they crash Swift 6.3's SILGen.
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.first == "{" {
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
                throw TemplateSyntaxError(message: detail ?? error.localizedDescription)
            }
            return fromJSON(object)
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw TemplateSyntaxError(message: oneLine(error))
        }
        guard let node else { return .null }
        var budget = maximumValues
        return try fromYAML(node, budget: &budget)
    }

    /// The most values a template may hold once its YAML aliases are expanded: a large SAM
    /// template has tens of thousands; a "billion laughs" document, a few lines long,
    /// expands to billions, which walking would never finish.
    public static let maximumValues = 200_000

    /// A YAML error as one line: the problem, where it is, and what was being parsed.
    ///
    /// Yams's own description spans several lines (it quotes the source and a caret),
    /// which would break the one-line error a command prints.
    private static func oneLine(_ error: Error) -> String {
        func describe(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> String {
            let around = context.map { ", \($0.text) in line \($0.mark.line), column \($0.mark.column)" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(around)"
        }
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _)?, .parser(let context, let problem, let mark, _)?,
            .composer(let context, let problem, let mark, _)?:
            return describe(problem, mark, context)
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable YAML"
        }
    }

    private static func fromJSON(_ object: Any) -> TemplateValue {
        switch object {
        case let dictionary as [String: Any]:
            if dictionary.count == 1, let (key, value) = dictionary.first, isIntrinsicName(key) {
                return .intrinsic(key, fromJSON(value))
            }
            return .map(dictionary.mapValues(fromJSON))
        case let array as [Any]:
            return .list(array.map(fromJSON))
        case is NSNull:
            return .null
        case let number as NSNumber:
            // Only strings are ever read from templates; numbers keep a textual form.
            return .scalar(number.stringValue)
        case let text as String:
            return .scalar(text)
        default:
            return .scalar("\(object)")
        }
    }

    private static func fromYAML(_ node: Node, budget: inout Int) throws(TemplateSyntaxError) -> TemplateValue {
        budget -= 1
        guard budget >= 0 else {
            throw TemplateSyntaxError(
                message: "it holds more than 200,000 values, counting each repeat of a YAML alias")
        }
        let tag = node.tag.rawValue
        if tag.hasPrefix("!") && !tag.hasPrefix("!!") {
            // A short-form intrinsic: !Ref, !GetAtt, !Sub, !If, !Join, ...
            let name = String(tag.dropFirst())
            let full = name == "Ref" || name == "Condition" ? name : "Fn::" + name
            return .intrinsic(full, try untagged(node, budget: &budget))
        }
        return try untagged(node, budget: &budget)
    }

    private static func untagged(_ node: Node, budget: inout Int) throws(TemplateSyntaxError) -> TemplateValue {
        switch node {
        case .scalar(let scalar):
            return node.tag.rawValue == "tag:yaml.org,2002:null" ? .null : .scalar(scalar.string)
        case .sequence(let sequence):
            var values: [TemplateValue] = []
            for element in sequence { values.append(try fromYAML(element, budget: &budget)) }
            return .list(values)
        case .mapping(let mapping):
            var members: [String: TemplateValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { throw TemplateSyntaxError(message: "a mapping key is not a string") }
                members[name] = try fromYAML(value, budget: &budget)
            }
            if members.count == 1, let (key, value) = members.first, isIntrinsicName(key) {
                return .intrinsic(key, value)
            }
            return .map(members)
        case .alias:
            throw TemplateSyntaxError(message: "YAML aliases are not supported in templates")
        }
    }

    private static func isIntrinsicName(_ key: String) -> Bool {
        key == "Ref" || key == "Condition" || key.hasPrefix("Fn::")
    }
}

struct TemplateSyntaxError: Error {
    let message: String
}
