// libFuzzer entry point for the Python tokenizer and module scan; see scripts/fuzz-python-source.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPythonSource(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let scan = ModuleScan(source: text, pythonVersion: [3, 12])
    // Every import and binding points at a line of the input, and a scan is deterministic.
    let lines = text.reduce(into: 1) { count, character in if character.isNewline { count += 1 } }
    for item in scan.imports { precondition(item.line >= 1 && item.line <= lines + 1, "import line out of range") }
    for binding in scan.bindings { precondition(binding.line >= 1 && binding.line <= lines + 1, "binding line") }
    let again = ModuleScan(source: text, pythonVersion: [3, 12])
    precondition(again.imports == scan.imports && again.syntaxError == scan.syntaxError, "scan is not deterministic")
    return 0
}
