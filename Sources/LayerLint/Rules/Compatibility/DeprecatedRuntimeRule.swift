/// C008: the target runtime is deprecated, from the catalog's dates.
struct DeprecatedRuntimeRule: Rule {
    static let description = RuleDescription(
        id: "C008", name: "deprecated-runtime", defaultSeverity: .warning,
        summary: "The target runtime is deprecated (dates from the runtime catalog).",
        rationale: "After deprecation a runtime gets no security patches; later Lambda blocks creating functions "
            + "with it, then updating them, so a layer built for it has a short future.",
        fix: "move the function and the layer to a supported runtime (python3.12 or later)",
        fires: "python3.9 after 2025-12-15", passes: "python3.13", needs: [.runtime])

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
        return [Finding(rule: Self.description, message: message, archive: nil, path: nil)]
    }
}
