/// The repair plan as POSIX shell commands, run in the folder a layer is zipped from (the
/// one that holds `python/`). A step's command never removes anything before what replaces
/// it is in hand: copies are made before the originals go, and the old copies of
/// distributions are removed only after pip has installed the new ones.
public enum RepairScript {
    /// The command of one step; `python` runs pip (`python3.12`).
    public static func command(_ action: RepairPlan.Action, python: String, compile: Bool = true) -> String {
        let q = PipCommand.shellQuoted
        switch action {
        case .moveInto(let items, let folder):
            let listed = items.map(q).joined(separator: " ")
            return "mkdir -p \(q(folder)) && cp -R \(listed) \(q(folder))/ && rm -rf \(listed)"
        case .mergeContents(let from, let into, let removing):
            return "mkdir -p \(q(into)) && cp -R \(q(from))/. \(q(into))/ && rm -rf \(q(removing))"
        case .rename(let from, let to):
            // Info-ZIP's unzip already turns backslashes into folders: then there is nothing to rename.
            let parent = to.split(separator: "/").dropLast().joined(separator: "/")
            return "{ [ ! -e \(q(from)) ] || { " + (parent.isEmpty ? "" : "mkdir -p \(q(parent)) && ")
                + "mv \(q(from)) \(q(to)); }; }"
        case .copy(let file, let into):
            return "mkdir -p \(q(into)) && cp \(q(file)) \(q(into))/"
        case .chmod(let mode, let paths, let recursive):
            return "chmod \(recursive ? "-R " : "")\(mode) " + paths.map(q).joined(separator: " ")
        case .removeBytecode(let version, let folder):
            let tag = "cpython-" + version.replacingOccurrences(of: ".", with: "")
            return "find \(q(folder)) -path '*/__pycache__/*' \\( -name '*.\(tag).pyc' -o -name '*.\(tag).opt-*.pyc' \\) "
                + "-delete"
        case .install(let install):
            return installCommand(install, python: python, compile: compile)
        }
    }

    /// `work=$(mktemp -d) && … pip install --target "$work/new" … && rm -rf <old> && cp -R "$work/new/." <folder>/`.
    static func installCommand(_ install: RepairPlan.PipInstall, python: String, compile: Bool) -> String {
        let q = PipCommand.shellQuoted
        var parts = ["work=$(mktemp -d)"]
        var constraints = ""
        if install.constrained {
            // The folder's distributions, as pip lists them, but those being replaced (and any
            // line that is no plain pin): the same list `fix` writes, whatever the folder's size.
            let leaving = install.replacedPins.map { " -e " + q($0) }.joined()
            parts.append(
                "{ \(q(python)) -m pip freeze --path \(q(install.folder))"
                    + (leaving.isEmpty ? "" : " | grep -v -x -F" + leaving)
                    + " | grep -E '^[A-Za-z0-9._-]+==[^ ]+$' || true; } > \"$work/constraints.txt\"")
            constraints = " -c \"$work/constraints.txt\""
        }
        let pip =
            q(python) + " -m pip install --target \"$work/new\" " + install.options.map(q).joined(separator: " ")
            + (compile ? "" : " --no-compile") + constraints + " "
        let first = pip + install.requirements.map(q).joined(separator: " ")
        if let relaxed = install.relaxed {
            parts.append(
                "{ " + first + " || { rm -rf \"$work/new\" && " + pip + relaxed.map(q).joined(separator: " ") + "; }; }")
        } else {
            parts.append(first)
        }
        if !install.removing.isEmpty { parts.append("rm -rf " + install.removing.map(q).joined(separator: " ")) }
        parts.append("mkdir -p \(q(install.folder)) && cp -R \"$work/new/.\" \(q(install.folder))/ && rm -rf \"$work\"")
        return parts.joined(separator: " && ")
    }

    /// The whole plan as a bash script: each step with the findings it repairs, ending with the
    /// deterministic zip of the result (`zipCommand`).
    public static func script(
        _ plan: RepairPlan, findings: [Finding], python: String, compile: Bool, input: String, zipCommand: String
    ) -> String {
        var lines = [
            "#!/usr/bin/env bash",
            "# layerlint fix --dry-run: the repair of \(input), as commands.",
            "# Run in a folder that holds an extracted copy of the layer (the folder that holds python/).",
            "set -euo pipefail",
        ]
        if plan.steps.contains(where: \.action.isInstall) {
            lines.append(
                "# pip installs the pinned versions first; where one has no wheel for the target, the second call "
                    + "lets pip choose")
            lines.append(
                "# within what the layer's dependents require (layerlint fix relaxes only the pins pip finds no "
                    + "wheel for).")
        }
        for (number, step) in plan.steps.enumerated() {
            lines.append("")
            lines.append("# \(number + 1). " + step.served(from: findings))
            lines.append(command(step.action, python: python, compile: compile))
        }
        lines.append("")
        lines.append("# Zip the result: sorted names, fixed timestamps, modes 0644/0755.")
        lines.append(zipCommand)
        return lines.joined(separator: "\n") + "\n\n"
    }
}
