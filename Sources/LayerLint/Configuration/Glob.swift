/// Shell-style globs over `/`-separated paths, as ruff's per-file ignores read them: `*`
/// and `?` within one segment, `**` across segments (`**/` also matching nothing), anything
/// else literally.
public enum Glob {
    /// Whether `path` matches `pattern` in full. Dynamic programming over both, so that time
    /// is bounded by their lengths' product whatever the pattern (no backtracking blow-up).
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars)
        let text = Array(path.unicodeScalars)
        // reachable[j]: the pattern up to the current position matches text[..<j].
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        var index = 0
        while index < pattern.count {
            var next = [Bool](repeating: false, count: text.count + 1)
            let scalar = pattern[index]
            if scalar == "*", index + 1 < pattern.count, pattern[index + 1] == "*" {
                // `**`: any run of characters; `**/` may also match nothing at all.
                let slashFollows = index + 2 < pattern.count && pattern[index + 2] == "/"
                var any = false
                for position in 0...text.count {
                    any = any || reachable[position]
                    next[position] = any
                }
                if slashFollows {
                    // Consume the `/` too, or skip `**/` entirely.
                    var afterSlash = [Bool](repeating: false, count: text.count + 1)
                    for position in 0..<text.count where next[position] && text[position] == "/" {
                        afterSlash[position + 1] = true
                    }
                    for position in 0...text.count where reachable[position] { afterSlash[position] = true }
                    next = afterSlash
                    index += 3
                } else {
                    index += 2
                }
            } else if scalar == "*" {
                var run = false
                for position in 0...text.count {
                    if reachable[position] { run = true }
                    next[position] = run
                    if position < text.count, text[position] == "/" { run = false }
                }
                index += 1
            } else {
                for position in 0..<text.count where reachable[position] {
                    let character = text[position]
                    if (scalar == "?" && character != "/") || scalar == character { next[position + 1] = true }
                }
                index += 1
            }
            reachable = next
        }
        return reachable[text.count]
    }
}
