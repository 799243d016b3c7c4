import ImageModel

/// L005: a layer with nothing for the target's runtime.
struct ForeignRuntimeLayoutRule: Rule {
    static let description = RuleDescription(
        id: "L005", name: "foreign-runtime-layout", family: .layout, defaultSeverity: .warning,
        summary:
            "The layer has content only for another runtime (nodejs/, ruby/, java/) and nothing the target's Python imports.",
        rationale:
            "A python function ignores nodejs/ and the like; the layer was probably attached to the wrong function.",
        fix: "attach the layer to a function of its runtime, or build a python/ layer for this one",
        fires: "a layer holding only nodejs/node_modules/... checked against python3.12",
        passes: "the same layer checked against nodejs22.x, or a layer with python/", needs: [.runtime],
        examples: [
            .fires(
                "a Node.js layer for a Python function", [.members([.file("nodejs/node_modules/left-pad/index.js")])],
                findings: ["warning -"]),
            .passes(
                "the same layer for a Node.js function", [.members([.file("nodejs/node_modules/left-pad/index.js")])],
                runtime: "nodejs22.x"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, runtime.family == "python" else { return [] }
        return context.readableLayers.compactMap { layer in
            let (input, layout) = (layer.input, layer.layout)
            guard !layout.foreignRuntimeFolders.isEmpty, !layout.hasImportablePython else { return nil }
            return Finding(
                rule: Self.description,
                message: "the layer holds \(layout.foreignRuntimeFolders.joined(separator: ", ")) and nothing a "
                    + "\(runtime.identifier) function imports",
                archive: input.path, path: nil)
        }
    }
}
