/// The version layerlint reports in `--version` and in JSON output.
public enum LayerLintVersion {
    public static let current = "0.2.0"
}
