/// What replaces a module the standard library dropped (F002, `why`), from the PEPs that
/// removed them (594, 632; `imp` went in 3.12). Which versions had a module is catalog data
/// (`StandardLibrary.lastVersion(having:before:)`).
enum RemovedModules {
    static func replacement(for module: String) -> String {
        switch module {
        case "distutils":
            return "use setuptools or packaging instead (PEP 632), or install setuptools into the layer, which "
                + "provides a distutils: pip install --target python setuptools"
        case "imp": return "use importlib instead (removed in Python 3.12)"
        case "asyncore", "asynchat": return "use asyncio instead (PEP 594)"
        case "smtpd": return "use the aiosmtpd project instead (PEP 594)"
        default:
            return "change the code not to need it (PEP 594 lists replacements), or use the last runtime that has it"
        }
    }
}
