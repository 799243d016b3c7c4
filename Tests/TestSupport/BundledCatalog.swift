import LambdaPlatform

/// The compiled-in runtime catalog, decoded once for every test. A catalog that does not
/// decode stops the test run at once: every rule test would fail for the same reason.
public let bundledCatalog: RuntimeCatalog = {
    do {
        return try RuntimeCatalog.bundled()
    } catch {
        fatalError("the bundled runtime catalog does not decode: \(error)")
    }
}()
