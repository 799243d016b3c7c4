import Foundation
import LintRules
import ZipArchive

/// Carries out one step of a repair plan on the private copy, as the step's shell command
/// does (`RepairScript`): copies are made before originals go, and the old copies of
/// distributions are removed only once pip has installed the new ones.
package struct StepRunner {
    let copy: PrivateCopy
    let pip: PipRunner?
    /// The step's number in the plan, for errors.
    let number: Int
    /// Whether pip may compile bytecode (its Python is the runtime's).
    let compile: Bool

    package init(copy: PrivateCopy, pip: PipRunner?, number: Int, compile: Bool) {
        self.copy = copy
        self.pip = pip
        self.number = number
        self.compile = compile
    }

    package func run(_ action: RepairPlan.Action) throws(FixError) {
        do {
            try perform(action)
        } catch {
            guard case .step(_, let what, let reason) = error else { throw error }
            throw .step(number: number, what: what, reason: reason)
        }
    }

    private func perform(_ action: RepairPlan.Action) throws(FixError) {
        switch action {
        case .moveInto(let items, let folder):
            let destination = try copy.path(folder)
            try copy.makeFolder(destination)
            for item in items {
                let source = try copy.path(item)
                let name = item.split(separator: "/").last.map(String.init) ?? item
                try copy.copyTree(source, to: destination + "/" + name)
                copy.remove(source)
            }
        case .mergeContents(let from, let into, let removing):
            guard into != from, !into.hasPrefix(from + "/") else {
                throw .step(number: number, what: "move \(from)", reason: "\(into) lies inside it")
            }
            try copy.copyTree(try copy.path(from), to: try copy.path(into))
            copy.remove(try copy.path(removing))
        case .rename(let from, let to):
            let destination = try copy.path(to)
            try copy.makeFolder((destination as NSString).deletingLastPathComponent)
            guard rename(try copy.path(from), destination) == 0 else {
                throw .step(number: number, what: "rename \(from)", reason: Descriptors.errorText(errno))
            }
        case .copy(let file, let into):
            let destination = try copy.path(into)
            try copy.makeFolder(destination)
            let name = file.split(separator: "/").last.map(String.init) ?? file
            try copy.copyTree(try copy.path(file), to: destination + "/" + name)
        case .chmod(let mode, let paths, let recursive):
            for path in paths where copy.exists(path) {
                copy.changeMode(mode, of: try copy.path(path), recursive: recursive)
            }
        case .removeBytecode(let version, let folder):
            guard copy.exists(folder) else { return }
            copy.removeBytecode(tag: "cpython-" + version.replacingOccurrences(of: ".", with: ""), under: try copy.path(folder))
        case .install(let install):
            try self.install(install)
        }
    }

    /// pip into a fresh folder (pinned first, then relaxed when the pins have no wheel for
    /// the target), then the old copies removed and the new ones copied in.
    private func install(_ install: RepairPlan.PipInstall) throws(FixError) {
        guard let pip else { throw .pip(python: "python3", reason: "no pip") }
        let work = copy.root + "/work"
        copy.remove(work)
        try copy.makeFolder(work)
        var constraints: String?
        if !install.constraints.isEmpty {
            constraints = work + "/constraints.txt"
            let text = install.constraints.joined(separator: "\n") + "\n"
            if let failure = Descriptors.create(work + "/constraints.txt", Array(text.utf8)) {
                throw .step(
                    number: number, what: "write constraints", reason: "cannot write \(work)/constraints.txt: \(failure)")
            }
        }
        let staging = work + "/new"
        let options = install.options + (compile ? [] : ["--no-compile"])
        // The pins first; a pin pip finds no wheel for ("No matching distribution found for
        // numpy==2.4.6") is relaxed to what the dependents require, and pip runs again; the
        // other pins stay.
        var requirements = install.requirements
        var failure = pip.install(
            target: staging, options: options, constraints: constraints, requirements: requirements,
            log: work + "/pip.log")
        var attempt = 1
        while let text = failure, let relaxed = install.relaxed, attempt <= requirements.count {
            guard let missing = PipRunner.unavailable(in: text), let index = requirements.firstIndex(of: missing),
                requirements[index] != relaxed[index]
            else { break }
            requirements[index] = relaxed[index]
            copy.remove(staging)
            attempt += 1
            failure = pip.install(
                target: staging, options: options, constraints: constraints, requirements: requirements,
                log: work + "/pip-\(attempt).log")
        }
        if let failure { throw .pip(python: pip.python, reason: failure) }
        for member in install.removing { copy.remove(try copy.path(member)) }
        try copy.copyTree(staging, to: try copy.path(install.folder))
        copy.remove(work)
    }
}
