import PythonPackaging
import Testing

/// Extension-module file names as CPython, PyPy and Windows builds name them
/// (`importlib.machinery.EXTENSION_SUFFIXES` on each platform).
@Suite struct ExtensionModuleNameTests {
    @Test func linuxCPython() throws {
        let name = try #require(ExtensionModuleName(fileName: "_speedups.cpython-311-x86_64-linux-gnu.so"))
        #expect(name.module == "_speedups")
        #expect(name.pythonVersion == "3.11")
        #expect(name.platform == .linux(architecture: "x86_64", libc: "gnu"))
        #expect(!name.isFreeThreaded && !name.isStableABI && !name.isPyPy)
        #expect(
            ExtensionModuleName(fileName: "md.cpython-312-aarch64-linux-gnu.so")?.platform
                == .linux(architecture: "arm64", libc: "gnu"))
        #expect(
            ExtensionModuleName(fileName: "md.cpython-311-x86_64-linux-musl.so")?.platform
                == .linux(architecture: "x86_64", libc: "musl"))
        let freeThreaded = try #require(ExtensionModuleName(fileName: "m.cpython-313t-x86_64-linux-gnu.so"))
        #expect(freeThreaded.pythonVersion == "3.13" && freeThreaded.isFreeThreaded)
    }

    @Test func otherPlatformsAndABIs() {
        #expect(ExtensionModuleName(fileName: "m.cpython-312-darwin.so")?.platform == .macOS)
        #expect(ExtensionModuleName(fileName: "m.cpython-312-darwin.so")?.pythonVersion == "3.12")
        let windows = ExtensionModuleName(fileName: "m.cp311-win_amd64.pyd")
        #expect(windows?.platform == .windows(architecture: "x86_64") && windows?.pythonVersion == "3.11")
        #expect(ExtensionModuleName(fileName: "m.pyd")?.platform == .windows(architecture: nil))
        let stable = ExtensionModuleName(fileName: "_rust.abi3.so")
        #expect(stable?.isStableABI == true && stable?.pythonVersion == nil && stable?.platform == .unspecified)
        let pypy = ExtensionModuleName(fileName: "m.pypy310-pp73-x86_64-linux-gnu.so")
        #expect(pypy?.isPyPy == true && pypy?.platform == .linux(architecture: "x86_64", libc: "gnu"))
        #expect(ExtensionModuleName(fileName: "plain.so")?.platform == .unspecified)
        #expect(ExtensionModuleName(fileName: "module.py") == nil)
        #expect(ExtensionModuleName(fileName: ".so") == nil)
    }
}
