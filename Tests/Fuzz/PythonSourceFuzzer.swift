// libFuzzer entry point for the Python tokenizer, the module scan and its run; see
// scripts/fuzz-python-source.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPythonSource(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let scan = ModuleScan(source: text)
    // Every statement points at a line of the input and its block ends after it.
    let lines = text.reduce(into: 1) { count, character in if character.isNewline { count += 1 } }
    for (index, statement) in scan.statements.enumerated() {
        precondition(statement.line >= 1 && statement.line <= lines + 1, "statement line out of range")
        precondition(statement.end > index && statement.end <= scan.statements.count, "block end out of range")
        precondition(statement.parent.map { $0 < index } ?? true, "parent after the statement")
    }
    let again = ModuleScan(source: text)
    precondition(again.imports == scan.imports && again.syntaxError == scan.syntaxError, "scan is not deterministic")
    // The run ends, answering every import, every other one as a failure: each request
    // points at an import statement, and the run asks at most once per statement and
    // literal-loop iteration.
    var run = ModuleRun(
        scan: scan, module: "pkg.mod", isPackage: false, target: PythonTarget(version: [3, 12], machine: "x86_64"))
    var requests = 0
    while case .request(let request) = run.next() {
        requests += 1
        precondition(requests <= scan.statements.count * 64 + 1_024, "the run does not end")
        precondition(request.statement < scan.statements.count, "request outside the module")
        run.answer(
            requests % 2 == 0 ? .imported([:]) : .failed(ModuleRun.Failure(kind: .moduleNotFound, id: requests)))
    }
    return 0
}
