/// The CPython version a compiled `.pyc` file was written by, from its magic number.
///
/// A `.pyc` starts with a 16-bit little-endian magic number followed by `\r\n`. CPython
/// changes the number with every bytecode change and reserves a block of numbers for each
/// minor release (3.11 uses 3450–3499, 3.12 starts at 3500; see the table in CPython's
/// `Lib/importlib/_bootstrap_external.py`). An interpreter refuses a `.pyc` whose number is
/// not its own.
public enum PythonBytecode {
    /// The first number of each minor release's block, in order.
    private static let blocks: [(first: UInt16, version: String)] = [
        (3400, "3.8"), (3420, "3.9"), (3430, "3.10"), (3450, "3.11"), (3500, "3.12"), (3550, "3.13"),
        (3600, "3.14"), (3650, "3.15"), (3700, "3.16"),
    ]

    /// The magic number of a `.pyc` prefix, or `nil` when the bytes are not a `.pyc` header.
    public static func magic(_ prefix: some Collection<UInt8>) -> UInt16? {
        let bytes = Array(prefix.prefix(4))
        guard bytes.count == 4, bytes[2] == 0x0D, bytes[3] == 0x0A else { return nil }
        return UInt16(bytes[0]) | UInt16(bytes[1]) << 8
    }

    /// `3.11` for a file written by CPython 3.11, or `nil` for a magic number outside the
    /// known blocks (Python 2, before 3.8, or not a `.pyc`).
    public static func pythonVersion(ofPrefix prefix: some Collection<UInt8>) -> String? {
        guard let magic = magic(prefix), magic >= blocks[0].first, magic < blocks[blocks.count - 1].first else {
            return nil
        }
        return blocks.last { $0.first <= magic }?.version
    }

    /// `3.12` for `__pycache__/mod.cpython-312.pyc` or `mod.cpython-312.opt-1.pyc`; `nil` for
    /// names without a CPython cache tag.
    public static func pythonVersion(ofCacheName fileName: some StringProtocol) -> String? {
        let bytes = Array(fileName.utf8)
        let tag = Array(".cpython-3".utf8)
        guard bytes.count >= tag.count + 4, bytes.suffix(4).elementsEqual(".pyc".utf8),
            let start = (0...(bytes.count - tag.count)).first(where: { bytes[$0..<($0 + tag.count)].elementsEqual(tag) }
            )
        else { return nil }
        // The minor version runs up to the next "." (a free-threaded "t" suffix is not a version).
        let minor = bytes[(start + tag.count)...].prefix { $0 != UInt8(ascii: ".") }
        guard !minor.isEmpty, minor.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return "3." + String(decoding: minor, as: UTF8.self)
    }
}
