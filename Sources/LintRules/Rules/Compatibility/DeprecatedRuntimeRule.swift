import ImageModel
import LambdaPlatform

/// C008: the target runtime is deprecated, from the catalog's dates.
struct DeprecatedRuntimeRule: Rule {
    static let description = RuleDescription(
        id: "C008", name: "deprecated-runtime", family: .compatibility, defaultSeverity: .warning,
        summary: "The target runtime is deprecated (dates from the runtime catalog).",
        rationale: "After deprecation a runtime gets no security patches; later Lambda blocks creating functions "
            + "with it, then updating them, so a layer built for it has a short future.",
        fix: "move the function and the layer to a supported runtime of the same language (each finding names "
            + "the oldest one the catalog still supports)",
        fires: "python3.9 after 2025-12-15", passes: "python3.13", needs: [.runtime],
        examples: [
            .fires(
                "python3.9, past its deprecation date", [.members([.file("python/six.py")])], runtime: "python3.9",
                findings: ["warning -"]),
            .passes("python3.13", [.members([.file("python/six.py")])], runtime: "python3.13"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let deprecated = runtime.deprecated, deprecated <= context.today
        else { return [] }
        var message = "\(runtime.identifier) was deprecated on \(deprecated)"
        if let blockUpdate = runtime.blockUpdate, blockUpdate <= context.today {
            message += "; since \(blockUpdate) functions on it can no longer be updated"
        } else if let blockCreate = runtime.blockCreate, blockCreate <= context.today {
            message += "; since \(blockCreate) no new functions can use it"
            if let blockUpdate = runtime.blockUpdate { message += ", and from \(blockUpdate) none can be updated" }
        } else if let blockCreate = runtime.blockCreate {
            message += "; from \(blockCreate) no new functions can use it"
        }
        return [
            Finding(
                rule: Self.description, message: message, archive: nil, path: nil,
                fix: Self.successor(of: runtime, context: context).map {
                    "move the function and the layer to \($0.identifier) or later: rebuild the layer for it and set "
                        + "the function's runtime to it"
                })
        ]
    }

    /// The oldest runtime of the same language that is not deprecated on `context.today`, in
    /// catalog order (python3.12 for python3.11, nodejs22.x for nodejs20.x).
    static func successor(of runtime: RuntimeCatalog.Runtime, context: LintContext) -> RuntimeCatalog.Runtime? {
        context.catalog?.runtimes.first { candidate in
            candidate.family == runtime.family && !candidate.isDeprecated(on: context.today)
        }
    }
}
