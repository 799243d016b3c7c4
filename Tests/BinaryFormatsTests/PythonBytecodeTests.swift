import BinaryFormats
import Testing

@Suite struct PythonBytecodeTests {
    /// Magic numbers of released CPythons (the last of each block, from CPython's
    /// `_bootstrap_external.py`; 3495 is what this machine's Python 3.11 writes).
    @Test(arguments: [
        (3413, "3.8"), (3425, "3.9"), (3439, "3.10"), (3495, "3.11"), (3531, "3.12"), (3571, "3.13"),
        (3627, "3.14"),
    ])
    func magicNumbersMapToTheirRelease(magic: Int, version: String) {
        let header: [UInt8] = [UInt8(magic & 0xFF), UInt8(magic >> 8), 0x0D, 0x0A, 0, 0, 0, 0]
        #expect(PythonBytecode.pythonVersion(ofPrefix: header) == version)
    }

    @Test func otherBytesAreNotBytecode() {
        #expect(PythonBytecode.pythonVersion(ofPrefix: [0x7F, 0x45, 0x4C, 0x46]) == nil)  // ELF
        #expect(PythonBytecode.pythonVersion(ofPrefix: [0x03, 0xF3, 0x0D, 0x0A]) == nil)  // Python 2.7 (62211)
        #expect(PythonBytecode.pythonVersion(ofPrefix: [0xA7, 0x0D]) == nil)  // too short
        #expect(PythonBytecode.pythonVersion(ofPrefix: [0xA7, 0x0D, 0x0D, 0x00]) == nil)  // no \r\n
    }

    @Test func cacheTagsNameTheirRelease() {
        #expect(PythonBytecode.pythonVersion(ofCacheName: "api.cpython-312.pyc") == "3.12")
        #expect(PythonBytecode.pythonVersion(ofCacheName: "api.cpython-311.opt-1.pyc") == "3.11")
        #expect(PythonBytecode.pythonVersion(ofCacheName: "api.cpython-39.pyc") == "3.9")
        #expect(PythonBytecode.pythonVersion(ofCacheName: "api.pyc") == nil)
        #expect(PythonBytecode.pythonVersion(ofCacheName: "api.pypy310.pyc") == nil)
        #expect(PythonBytecode.pythonVersion(ofCacheName: "a.pyc") == nil)
        #expect(PythonBytecode.pythonVersion(ofCacheName: ".pyc") == nil)
        #expect(PythonBytecode.pythonVersion(ofCacheName: "") == nil)
        #expect(PythonBytecode.pythonVersion(ofCacheName: "x.cpython-3.pyc") == nil)
        #expect(PythonBytecode.pythonVersion(ofCacheName: "x.cpython-313t.pyc") == nil)
    }
}
