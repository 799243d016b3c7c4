/// Distribution and extra names, normalized as PEP 503 and PEP 685 say.
public enum PackageName {
    /// PEP 503 normalization: lowercase, and every run of `-`, `_` and `.` becomes one `-`
    /// (`Charset_Normalizer` → `charset-normalizer`). PEP 685 normalizes extras the same way.
    public static func normalize(_ name: String) -> String {
        var name = name
        // ASCII names (nearly all) are rewritten byte by byte, without Characters.
        let ascii = name.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var count = 0
                var previousWasSeparator = false
                for byte in bytes {
                    if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                        if !previousWasSeparator {
                            output[count] = UInt8(ascii: "-")
                            count += 1
                        }
                        previousWasSeparator = true
                    } else {
                        output[count] = PythonText.lowercased(byte)
                        count += 1
                        previousWasSeparator = false
                    }
                }
                return count
            }
        }
        if let ascii { return ascii }
        var result = ""
        result.reserveCapacity(name.utf8.count)
        var previousWasSeparator = false
        // Python's str.lower() lowercases every script; only the separators are special here.
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !previousWasSeparator { result.append("-") }
                previousWasSeparator = true
            } else {
                result.append(character)
                previousWasSeparator = false
            }
        }
        return result
    }

    /// Whether `name` is a valid distribution name per the core metadata specification:
    /// ASCII letters and digits, with `.`, `_`, `-` allowed inside.
    public static func isValid(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, isAlphanumeric(first), isAlphanumeric(last)
        else { return false }
        return scalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
