// libFuzzer entry point for the glob matcher, differential: the compiled bit-parallel
// automaton must agree with a plain dynamic program over pattern and path on every input,
// and never trap; see scripts/fuzz-glob.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGlob(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The input is "pattern NUL path"; without a NUL, the whole input is both.
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let pattern = String(decoding: bytes[..<split], as: UTF8.self)
    let path = split < size ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : pattern
    guard let glob = Glob(pattern) else {
        precondition(pattern.unicodeScalars.count > Glob.maximumLength, "a short pattern was refused")
        return 0
    }
    precondition(glob.matches(path) == referenceMatches(pattern, path), "the automaton and the reference disagree")
    return 0
}

/// Reachable positions of the path, advanced one pattern character at a time.
func referenceMatches(_ pattern: String, _ path: String) -> Bool {
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
