/// The glob matcher `Glob` replaced, kept as the reference it is tested and fuzzed against:
/// the set of reachable path positions, advanced one pattern character at a time (time is
/// pattern x path, which is why it is not the one shipped).
public enum GlobReference {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars)
        let text = Array(path.unicodeScalars)
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        var index = 0
        while index < pattern.count {
            var next = [Bool](repeating: false, count: text.count + 1)
            let scalar = pattern[index]
            if scalar == "*", index + 1 < pattern.count, pattern[index + 1] == "*" {
                var any = false
                for position in 0...text.count {
                    any = any || reachable[position]
                    next[position] = any
                }
                if index + 2 < pattern.count && pattern[index + 2] == "/" {
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
