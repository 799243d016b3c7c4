import ImageModel

/// S003: more layers than a function may have.
struct TooManyLayersRule: Rule {
    static let description = RuleDescription(
        id: "S003", name: "too-many-layers", family: .size, defaultSeverity: .error,
        summary: "More layers than the 5 a function may use.",
        rationale: "Lambda refuses a function configuration with more than five layers.",
        fix: "merge layers (build them from one pip install), or move code into the function package",
        fires: "six layers", passes: "five layers",
        examples: [
            .fires(
                "six layers for one function",
                [
                    .members([.file("python/a.py")]), .members([.file("python/b.py")]),
                    .members([.file("python/c.py")]),
                    .members([.file("python/d.py")]), .members([.file("python/e.py")]),
                    .members([.file("python/f.py")]),
                ],
                findings: ["error -"]),
            .passes("five layers", [.members([.file("python/a.py")]), .members([.file("python/b.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let limit = context.catalog?.limits.maxLayers, context.layers.count > limit else { return [] }
        return [
            Finding(
                rule: Self.description,
                message: "\(context.layers.count) layers, but a function may use at most \(limit)",
                archive: nil, path: nil)
        ]
    }
}
