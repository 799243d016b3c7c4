import Foundation
@testable import ImageModel
@testable import LayerLint
import Testing

@Suite struct JSONValueTests {
    @Test func keysAreSortedAndIndented() {
        let value = JSONValue.object(["b": .integer(-1), "a": .array([.bool(true), .null]), "c": .object([:])])
        #expect(
            value.serialized() == """
                {
                  "a": [
                    true,
                    null
                  ],
                  "b": -1,
                  "c": {}
                }
                """)
    }

    @Test func stringsAreEscaped() {
        let value = JSONValue.string("quote\" backslash\\ newline\n tab\t nul\u{0} esc\u{1B} del\u{7F} é")
        #expect(value.serialized() == #""quote\" backslash\\ newline\n tab\t nul\u0000 esc\u001b del\u007f é""#)
    }

    @Test func largeUnsignedValuesAreExact() {
        #expect(JSONValue.unsigned(UInt64.max).serialized() == "18446744073709551615")
    }
}

@Suite struct TextFormattingTests {
    @Test func blanksAreStrippedAtBothEnds() {
        #expect(
            ["  a b\t", "a", "", " \t ", "be ", "\tcafé "].map { $0.strippingBlanks() } == [
                "a b", "a", "", "", "be", "café",
            ])
    }

    /// Byte prefixes and suffixes: exact bytes (no Unicode equivalence), short names, empty literals.
    @Test func bytePrefixesAndSuffixes() {
        #expect("bin/tool".utf8HasPrefix("bin/") && !"bi".utf8HasPrefix("bin/") && !"xbin/".utf8HasPrefix("bin/"))
        #expect("a.pth".utf8HasSuffix(".pth") && !"pth".utf8HasSuffix(".pth") && !"a.pthx".utf8HasSuffix(".pth"))
        #expect("café.a".utf8HasSuffix(".a") && "".utf8HasPrefix("") && "x".utf8HasSuffix(""))
        // "e" + combining acute is not "é" byte for byte, though Swift's == says so.
        #expect(!"cafe\u{301}".utf8HasSuffix("fé") && "café".utf8HasSuffix("fé"))
    }

    @Test func byteComparisons() {
        let name: [UInt8] = Array("python/requests/api.py".utf8)
        name.withUnsafeBufferPointer { bytes in
            #expect(bytes.bytesStart(with: Array("python/".utf8)) && bytes.bytesStart(with: []))
            #expect(!bytes.bytesStart(with: Array("python/x".utf8)) && !bytes.bytesStart(with: name + [0x2F]))
            #expect(bytes.bytesEqual(bytes) && !bytes.bytesEqual(UnsafeBufferPointer(rebasing: bytes.dropLast())))
            let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            #expect(empty.bytesEqual(empty) && !empty.bytesEqual(bytes) && empty.bytesStart(with: []))
            // Literals at an offset: inside, at either end, and never past them.
            #expect(bytes.holds("requests", at: 7) && bytes.holdsPrefix("python/") && bytes.holdsSuffix(".py"))
            #expect(!bytes.holds("python", at: -1) && !bytes.holds(".pyc", at: name.count - 3))
            #expect(!bytes.holds("api", at: 7) && !bytes.holdsSuffix("python/requests/api.py!"))
            #expect(bytes.holds("", at: name.count) && !bytes.holds("", at: name.count + 1))
            #expect(empty.holdsPrefix("") && !empty.holdsPrefix("a") && !empty.holdsSuffix("a"))
        }
    }

    @Test func controlCharactersInNamesAreMadeVisible() {
        #expect(TextFormatting.escaped("evil\u{1B}[2J.py") == "evil\\x1b[2J.py")
        #expect(TextFormatting.escaped("a\nb\tc\\d") == "a\\nb\\tc\\\\d")
        #expect(TextFormatting.escaped("right\u{202E}txt.py") == "right\\u{202e}txt.py")
        #expect(TextFormatting.escaped("naïve/café.py") == "naïve/café.py")
    }

    @Test func numbersAreGrouped() {
        #expect(TextFormatting.grouped(0) == "0")
        #expect(TextFormatting.grouped(999) == "999")
        #expect(TextFormatting.grouped(1000) == "1,000")
        #expect(TextFormatting.grouped(262_144_000) == "262,144,000")
    }

    @Test func countsAgree() {
        #expect(TextFormatting.counted(1, "entry", "entries") == "1 entry")
        #expect(TextFormatting.counted(2, "entry", "entries") == "2 entries")
        #expect(TextFormatting.counted(3, "anomaly", "anomalies") == "3 anomalies")
    }
}

@Suite struct JSONObjectTests {
    @Test func membersAreSortedAndTheLastRepeatedKeyWins() {
        let object = JSONObject([("b", .integer(1)), ("a", .integer(2)), ("b", .integer(3))])
        #expect(object.keys == ["a", "b"])
        #expect(object["b"] == .integer(3))
        #expect(object["missing"] == nil)
    }

    @Test func equalityIgnoresTheOrderGiven() {
        #expect(JSONObject([("x", .null), ("y", .bool(true))]) == JSONObject(["y": .bool(true), "x": .null]))
        #expect(JSONObject([("x", .null)]) != JSONObject([("x", .bool(false))]))
    }
}

@Suite struct JSONWriterTests {
    /// Numbers are written digit by digit, strings escaped, depth unbounded, the buffer grown,
    /// and a copied writer goes on alone.
    @Test func numbersEscapesDepthAndCopies() throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.unsigned(0)
        writer.unsigned(UInt64.max)
        writer.integer(Int64.min)
        writer.integer(-42)
        writer.string("tab\tdel\u{7F}esc\u{1B}quote\"back\\é")
        for _ in 0..<40 { writer.beginArray() }
        for _ in 0..<40 { writer.endArray() }
        var copy = writer
        copy.string(String(repeating: "x", count: 1000))
        copy.endArray()
        writer.endArray()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.hasPrefix("[\n  0,\n  18446744073709551615,\n  -9223372036854775808,\n  -42,\n"))
        #expect(text.contains(#""tab\tdel\u007fesc\u001bquote\"back\\é""#))
        #expect(text.contains("\n" + String(repeating: " ", count: 80) + "[]"))
        #expect(
            !text.contains("xxx")
                && String(decoding: copy.bytes, as: UTF8.self).contains(String(repeating: "x", count: 1000)))
        let parsed = try JSONSerialization.jsonObject(with: Data(copy.bytes)) as? [Any]
        #expect(parsed?.count == 7)
        // Taking the text hands it over and leaves the writer empty; the copy is untouched.
        let taken = writer.takeBytes()
        #expect(String(decoding: taken, as: UTF8.self) == text && writer.bytes.isEmpty)
        #expect(String(decoding: copy.bytes, as: UTF8.self).contains(String(repeating: "x", count: 1000)))
    }

    @Test func streamedOutputEqualsTheTreeBuiltDocument() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("empty")
        writer.beginArray()
        writer.endArray()
        writer.key("items")
        writer.beginArray()
        writer.string("a\"b")
        writer.unsigned(7)
        writer.beginObject()
        writer.key("flag")
        writer.bool(false)
        writer.key("none")
        writer.null()
        writer.endObject()
        writer.endArray()
        writer.member("nested", .object(["z": .integer(-2), "a": .array([])]))
        writer.endObject()

        let tree = JSONValue.object([
            "empty": .array([]),
            "items": .array([.string("a\"b"), .unsigned(7), .object(["flag": .bool(false), "none": .null])]),
            "nested": .object(["a": .array([]), "z": .integer(-2)]),
        ])
        #expect(writer.bytes == tree.serializedBytes())
        #expect(
            String(decoding: writer.bytes, as: UTF8.self) == """
                {
                  "empty": [],
                  "items": [
                    "a\\"b",
                    7,
                    {
                      "flag": false,
                      "none": null
                    }
                  ],
                  "nested": {
                    "a": [],
                    "z": -2
                  }
                }
                """)
    }

    @Test func deepNestingIndentsPastTheCachedWidth() {
        var value = JSONValue.null
        for _ in 0..<40 { value = .array([value]) }
        let text = value.serialized()
        #expect(text.contains("\n" + String(repeating: " ", count: 80) + "null"))
    }
}
