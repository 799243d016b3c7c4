import ImageModel
import ZipArchive

/// Turns the reader's structural anomalies of some kinds into findings of one rule.
enum AnomalyFindings {
    static func findings(_ kinds: Set<Anomaly.Kind>, rule: RuleDescription, in context: LintContext) -> [Finding] {
        context.readableLayers.flatMap { layer in
            layer.archive.anomalies.filter { kinds.contains($0.kind) }.map { anomaly in
                Finding(rule: rule, message: anomaly.message, archive: layer.input.path, path: anomaly.path)
            }
        }
    }
}
